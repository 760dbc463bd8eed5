/**
 * @module What one destination wants from its briefing: its priority intelligence requirements
 * (sectors, regions, technologies it runs, actors it watches, CVEs of its products), which rank
 * matching stories first, and how many items a briefing shows before "N more stories".
 */
import { z } from 'zod';
import { DestinationRefSchema } from './subscription.ts';

export const FOCUS_KINDS = ['sectors', 'regions', 'technologies', 'actors', 'cves'] as const;
export type FocusKind = (typeof FOCUS_KINDS)[number];

export const FocusSchema = z.object({
  /** Sector names as the lexicon writes them ("energy", "financial services"). */
  sectors: z.array(z.string()).default([]),
  /** Regions or countries ("Europe", "Germany"). */
  regions: z.array(z.string()).default([]),
  /** Products this team runs ("Microsoft Exchange", "Fortinet FortiGate"). */
  technologies: z.array(z.string()).default([]),
  /** Actors by canonical name. */
  actors: z.array(z.string()).default([]),
  /** CVE ids of products this team runs, upper-case. */
  cves: z.array(z.string()).default([]),
});
export type Focus = z.infer<typeof FocusSchema>;

export const EMPTY_FOCUS: Focus = {
  sectors: [],
  regions: [],
  technologies: [],
  actors: [],
  cves: [],
};

/** Items a briefing shows when its destination set no limit. */
export const DEFAULT_ITEM_LIMIT = 10;
export const MAX_ITEM_LIMIT = 40;

export const BriefingProfileSchema = z.object({
  destination: DestinationRefSchema,
  focus: FocusSchema,
  /** Items shown before "N more stories"; null means DEFAULT_ITEM_LIMIT. */
  itemLimit: z.number().int().min(1).max(MAX_ITEM_LIMIT).nullable(),
  /**
   * Whether answers here say how many reports above the clearance were left out ('count', the
   * default) or say nothing about them ('silent'): the count tells a keyword's searcher that
   * restricted reports mention it, so a destination may trade that notice away.
   */
  withheldNotice: z.enum(['count', 'silent']).default('count'),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type BriefingProfile = z.infer<typeof BriefingProfileSchema>;

export function isEmptyFocus(focus: Focus): boolean {
  return FOCUS_KINDS.every((k) => focus[k].length === 0);
}

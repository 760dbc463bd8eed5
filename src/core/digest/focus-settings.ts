/**
 * @module `digest focus ...`: how a team states its priority intelligence requirements, read the
 * same way in chat and on the command line. "digest focus technologies Microsoft Exchange,
 * FortiGate" sets a list, "add"/"remove" change one, "<list> none" empties it, "clear" empties
 * all, and a bare "digest focus" shows them.
 */
import {
  DEFAULT_ITEM_LIMIT,
  FOCUS_KINDS,
  type Focus,
  type FocusKind,
  isEmptyFocus,
  MAX_ITEM_LIMIT,
} from '../model/briefing-profile.ts';
import { resolveCve, resolvePlace, resolveSector, resolveTechnology } from './focus-terms.ts';

export type FocusCommand =
  | { action: 'show' }
  | { action: 'clear' }
  | { action: 'set' | 'add' | 'remove'; list: FocusKind; values: string[] };

export const FOCUS_USAGE =
  'digest focus technologies Microsoft Exchange, FortiGate | sectors energy | regions Europe | actors APT29 | cves CVE-2024-3400 (add/remove before the list changes one entry; "<list> none" empties it; "clear" empties all)';

const LIST_NAMES: Record<string, FocusKind> = {
  sector: 'sectors',
  sectors: 'sectors',
  region: 'regions',
  regions: 'regions',
  country: 'regions',
  countries: 'regions',
  technology: 'technologies',
  technologies: 'technologies',
  tech: 'technologies',
  product: 'technologies',
  products: 'technologies',
  actor: 'actors',
  actors: 'actors',
  cve: 'cves',
  cves: 'cves',
  vulnerabilities: 'cves',
};

export function parseFocusCommand(args: string[]): FocusCommand | { error: string } {
  const words = args.map((w) => w.trim()).filter(Boolean);
  if (words.length === 0) return { action: 'show' };
  let [first = '', ...rest] = words;
  if (['clear', 'none', 'reset'].includes(first.toLowerCase()) && rest.length === 0)
    return { action: 'clear' };
  let action: 'set' | 'add' | 'remove' = 'set';
  if (first.toLowerCase() === 'add' || first.toLowerCase() === 'remove') {
    action = first.toLowerCase() as 'add' | 'remove';
    [first = '', ...rest] = rest;
  }
  const list = LIST_NAMES[first.toLowerCase()];
  if (!list) return { error: `"${first}" is not a focus list. Use: ${FOCUS_USAGE}` };
  const values = rest
    .join(' ')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 1 && values[0]!.toLowerCase() === 'none' && action === 'set')
    return { action, list, values: [] };
  if (values.length === 0)
    return { error: `Name at least one of the ${list}. Use: ${FOCUS_USAGE}` };
  if (values.length > 25) return { error: `At most 25 ${list} at a time.` };
  return { action, list, values };
}

/**
 * Each value as analysis names it; an actor must be known (the caller resolves aliases), a CVE
 * must be one, and other terms no lexicon knows are kept as typed and listed in `asWritten`.
 */
export async function resolveFocusValues(
  list: FocusKind,
  values: string[],
  resolveActor: (name: string) => Promise<string | undefined>,
): Promise<{ values: string[]; asWritten: string[] } | { error: string }> {
  const out: string[] = [];
  const asWritten: string[] = [];
  for (const value of values) {
    if (value.length > 80) return { error: 'A focus entry is at most 80 characters.' };
    if (list === 'actors') {
      const actor = await resolveActor(value);
      if (!actor) return { error: `"${value}" is not a known actor.` };
      out.push(actor);
    } else if (list === 'cves') {
      const cve = resolveCve(value);
      if (!cve) return { error: `"${value}" is not a CVE id (CVE-2024-3400).` };
      out.push(cve);
    } else {
      const resolve =
        list === 'sectors' ? resolveSector : list === 'regions' ? resolvePlace : resolveTechnology;
      const term = resolve(value);
      if (!term.known) asWritten.push(term.name);
      out.push(term.name);
    }
  }
  return { values: [...new Set(out)], asWritten };
}

export function applyFocus(focus: Focus, command: FocusCommand, values: string[]): Focus {
  if (command.action === 'show') return focus;
  if (command.action === 'clear')
    return { sectors: [], regions: [], technologies: [], actors: [], cves: [] };
  const current = focus[command.list];
  const lower = new Set(values.map((v) => v.toLowerCase()));
  const next =
    command.action === 'set'
      ? values
      : command.action === 'add'
        ? [
            ...current,
            ...values.filter((v) => !current.some((c) => c.toLowerCase() === v.toLowerCase())),
          ]
        : current.filter((c) => !lower.has(c.toLowerCase()));
  return { ...focus, [command.list]: next };
}

export function describeFocus(focus: Focus, itemLimit: number | null): string {
  const limit = `${itemLimit ?? DEFAULT_ITEM_LIMIT} items per briefing${itemLimit ? '' : ' (the default)'}`;
  if (isEmptyFocus(focus))
    return `No focus set: stories rank by substance alone; ${limit}. Set one: ${FOCUS_USAGE}`;
  const parts = FOCUS_KINDS.filter((k) => focus[k].length).map(
    (k) => `${k === 'cves' ? 'CVEs' : k} ${focus[k].join(', ')}`,
  );
  return `Focus: ${parts.join('; ')}. Matching stories rank first and say why; ${limit}.`;
}

/** An item limit from "digest limit 8": a whole number from 1 to MAX_ITEM_LIMIT, or "default". */
export function parseItemLimit(raw: string | undefined): number | null | { error: string } {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === 'default' || text === 'reset') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ITEM_LIMIT)
    return {
      error: `Use a whole number from 1 to ${MAX_ITEM_LIMIT}: digest limit 8 (or "digest limit default").`,
    };
  return n;
}

/**
 * @module The wording lexicon: how firmly a sentence states a judgment, and whether it disputes
 * or denies one. Strongest reading wins: an explicit confidence statement, then ICD 203
 * high-probability words (treated as assertive), then speculative words, then hedges; a sentence
 * with none of these asserts.
 */
import type { ConfidenceLevel, Stance, Strength } from '../../model/analysis.ts';

const EXPLICIT =
  /\b(?:with|at|of|has|have|holds?|expresses?|assess(?:es|ed)?(?: [\w-]+){0,6} with)\s+(?:an?\s+)?(high|moderate|medium|low)[- ]confidence\b|\b(high|moderate|medium|low)[- ]confidence (?:assessment|judg(?:e)?ment|that)\b/i;
const ASSERTIVE_PROBABILITY =
  /\b(?:almost certainly|nearly certain(?:ly)?|very likely|highly likely|highly probable)\b/i;
const SPECULATIVE =
  /\b(?:may(?! \d)|might|could|possibly|possible|perhaps|speculat\w*|rumou?r\w*|unconfirmed|cannot (?:be )?rule[d]? out|can ?not rule out|unclear whether|roughly even|remote chance|unlikely)\b/i;
const HEDGED =
  /\b(?:suspected|suspects?|likely|probably|probable|believed|believes?|appears?|appeared|seems?|seemingly|reportedly|allegedly|alleged|purported(?:ly)?|thought to|assessed to|assesses|suggests?|suggesting|suggested|indicat(?:es|ing|ed|ions?)|points? to|consistent with|aligns? with|aligned with|aligns?|aligned|in line with|stopped short|stop short|overlaps?|resembl\w+|similarit\w+|-linked|-nexus|-aligned)\b/i;

const DENIAL_VERB =
  /\b(?:den(?:y|ies|ied|ial)|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:es|ed)?|rebuff(?:s|ed)?|baseless|groundless|unfounded|smear\w*|slander\w*|fabricat\w+|no evidence)\b/i;
const OFFICIAL_VOICE =
  /\b(?:embassy|embassies|spokes(?:wo)?man|spokesperson|foreign ministry|ministry of foreign affairs|kremlin|government|officials?|ministry|consulate|mission to)\b/i;
const DISPUTE =
  /\b(?:(?:do|does|did|are|is) not (?:attribute|attributing)|not attributing|declin\w* to attribute|cannot attribute|disput\w+|inconclusive|not convinced|unconvinced|skeptic\w*|sceptic\w*|doubts?|doubtful|question(?:s|ed|ing)? (?:the|this|that|whether)|cannot confirm|could not confirm|can't confirm|insufficient evidence|not enough evidence|no (?:hard |conclusive |solid )?evidence|disagree\w*|contradict\w*|does not support|do not support|unsupported|premature|not persuaded|cast doubt|not (?:been )?(?:established|proven)|unproven|unsubstantiated|not consider [\w ]{0,30}established)\b/i;
/** "No link found between ...", "we have not found a strong correlation or link", "haven't been able to link". */
const NO_LINK =
  /\b(?:no (?:(?:clear|direct|strong|technical|conclusive|definitive|firm|known) )*(?:links?|connections?|ties|correlation|overlaps?)\b(?! to (?:be|suggest))|(?:not|n't|never) (?:been able to |yet )?(?:found|find|establish(?:ed)?|identified|seen|observed)(?: [\w-]+){0,4} (?:links?|connections?|ties|correlations?|overlaps?)\b|(?:not|n't) (?:been able to )?(?:conclusively |definitively |directly |firmly )?(?:link|connect|tie)\b)/i;

export interface Wording {
  strength: Strength;
  statedConfidence: ConfidenceLevel | null;
  cues: string[];
}

export function classifyWording(sentence: string): Wording {
  const explicit = EXPLICIT.exec(sentence);
  if (explicit) {
    const level = (explicit[1] ?? explicit[2])!.toLowerCase();
    return {
      strength: 'explicit',
      statedConfidence: level === 'medium' ? 'moderate' : (level as ConfidenceLevel),
      cues: [explicit[0]],
    };
  }
  const strong = ASSERTIVE_PROBABILITY.exec(sentence);
  if (strong) return { strength: 'assertive', statedConfidence: null, cues: [strong[0]] };
  const speculative = SPECULATIVE.exec(sentence);
  if (speculative)
    return { strength: 'speculative', statedConfidence: null, cues: [speculative[0]] };
  if (!HEDGED.test(sentence)) return { strength: 'assertive', statedConfidence: null, cues: [] };
  const hedges = [...sentence.matchAll(new RegExp(HEDGED.source, 'gi'))].map((m) => m[0]);
  if (hedges.length)
    return { strength: 'hedged', statedConfidence: null, cues: [...new Set(hedges)] };
  return { strength: 'assertive', statedConfidence: null, cues: [] };
}

export interface StanceReading {
  stance: Stance;
  cue: string | null;
}

/** How the accused brush an accusation off without the word "deny": "cyberattacks are a global issue". */
const DISMISSAL =
  /\b(?:global (?:issue|problem|challenge)|(?:difficult|hard|impossible) to trace|complex technical (?:issue|problem)|(?:solid|sufficient|full|hard) (?:and full )?evidence|without (?:any )?evidence|politici[sz]\w*|hysteria|irresponsible|not involved|nothing to do with|(?:also )?a victim of (?:cyber)?attacks|opposes? (?:all forms of )?(?:hacking|cyberattacks)|firmly opposes?)\b/i;

/** A country as the subject of a denial: "China dismisses allegations", "Moscow denied". */
const COUNTRY_DENIES =
  /\b(?:China|Beijing|Russia|Moscow|Kremlin|Iran|Tehran|North Korea|Pyongyang|Pakistan|India|Israel|Vietnam|Hanoi)(?:'s)?\s+(?:\w+\s+){0,2}?(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:es|ed)|rebuff(?:s|ed)?)\b/i;

/**
 * The last sentence read and its stance: working out who a sentence is about and then its claims
 * both ask about the same sentence, one after the other.
 */
let lastStance: { sentence: string; reading: StanceReading } | undefined;

/** Denial needs an official voice and a denial word; a dispute needs a doubting word. */
export function classifyStance(sentence: string): StanceReading {
  if (lastStance?.sentence !== sentence) lastStance = { sentence, reading: readStance(sentence) };
  return { ...lastStance.reading };
}

function readStance(sentence: string): StanceReading {
  const denial = DENIAL_VERB.exec(sentence) ?? DISMISSAL.exec(sentence);
  if (denial && OFFICIAL_VOICE.test(sentence)) return { stance: 'denial', cue: denial[0] };
  const countryDenies = COUNTRY_DENIES.exec(sentence);
  if (countryDenies) return { stance: 'denial', cue: countryDenies[0] };
  const noLink = NO_LINK.exec(sentence);
  if (noLink) return { stance: 'disputes', cue: noLink[0] };
  // A sentence without a doubting word (most) skips compiling the global pattern.
  if (!DISPUTE.test(sentence)) return { stance: 'supports', cue: null };
  for (const dispute of sentence.matchAll(new RegExp(DISPUTE.source, 'gi'))) {
    // "did not dispute", "never doubted": a negated doubt is agreement.
    const before = sentence.slice(Math.max(0, dispute.index - 12), dispute.index);
    if (/\b(?:not|n't|never|no)\s+$/i.test(before)) continue;
    return { stance: 'disputes', cue: dispute[0] };
  }
  return { stance: 'supports', cue: null };
}

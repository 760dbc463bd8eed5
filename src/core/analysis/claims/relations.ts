/**
 * @module What a sentence says an actor uses, targets and exploits, bound to the right actor: the
 * one named just before the thing (or the only one named), else the actor the sentence's scope
 * gives. Each relation keeps its sentence as the quote that supports it.
 */
import type { Fact, FactKind, Mention } from '../../model/analysis.ts';
import type { Span } from '../../text/sentences.ts';
import type { SentenceScope } from '../scope.ts';

/** Words that say something was attacked, not merely mentioned. */
export const TARGET_CUE =
  /\b(?:target\w*|exploit\w*|gain(?:ed|ing|s)? access|access(?:ed|ing)? (?:to )?|against|attack\w*|hit|hits|breach\w*|broke into|break into|compromis\w*|victims?|infiltrat\w*|spied|spying|went after|goes after|go after|focus\w*|exfiltrat\w*|stole|steal\w*|intrusions?|campaigns?|interested in|phish\w*|lures?|impersonat\w*|spoof\w*|aimed at|directed at|affect\w*|infect\w*|customers in|organi[sz]ations in|entities in|users in|vulnerabilit(?:y|ies) in|flaws? in)\b/i;

const EVENT_AFTER =
  /^(?:[-\s]+\p{Lu}\p{L}+)?(?:\s+\p{Ll}+-\p{Ll}+)?\s+(?:themes?|themed|tragedy|explosion|blast|bombing|disaster|crisis|conflict|summit|elections?|war|earthquake|floods?|pandemic|outbreak|protests?|incident|attacks? on|negotiations|talks|accords?|agreement|olympics|games|visit)\b/iu;

/** "delivers IcedID to manufacturing firms", "sends QakBot to healthcare providers". */
const SENT_TO =
  /\b(?:deliver\w*|sen(?:d|ds|t|ding)|distribut\w*|spread\w*|(?:e-?)?mail\w*|push\w*|serv(?:e|es|ed|ing))\b[^.;]{0,60}\bto\s+(?:[\w-]+\s+){0,4}$/i;

/** Before a service the actor runs its operation on or imitates. */
const TOOLING_BEFORE =
  /\b(?:(?:hosted|hosting|hosts|attacker[- ]controlled|actor[- ]controlled|abus(?:e|es|ed|ing)|leverag\w+|using|uses|used|via|through|over|relies on|relying on)\b[^.;]{0,40}|(?:spoof\w*|impersonat\w*|masquerad\w*|posing as|disguised as|mimick?\w*|look-?alike|fake)\b[^.;]{0,90})$/i;
/** After a service: the actor's own account, page or programming interface on it. */
const TOOLING_AFTER =
  /^\s*(?:API|APIs|accounts?|pages?|repositor(?:y|ies)|endpoints?|links?|URLs?|storage|buckets?|tokens?)\b/i;

/** A place named as where infrastructure sits or files came from, not as a target. */
const INFRASTRUCTURE_PLACE =
  /\b(?:hosted|hosting|uploaded|submitted|C2|C&C|command[- ]and[- ]control|VPS|IP address(?:es)?|resolv\w+|geolocat\w+|exit nodes?|prox(?:y|ies)|VPN (?:exit|servers?|nodes?|endpoints?|providers?|services?)|domains? registered|(?:compromised|hacked|legitimate) (?:web ?sites?|websites?|servers?|domains?|hosts?)|(?:IP|address|server|domain|host|web ?site|site)\w*\b(?:[^.;]|\.(?=\S)){0,50}\bbelong(?:s|ing)? to|(?:attacker|actor|threat actor|their|its) (?:infrastructure|servers?))\b[^.;]{0,40}$/i;

/** Before a name: the sentence sets it apart from the actor ("unlike Emotet", "not a BazaLoader variant"). */
const APART =
  /\b(?:unlike|similar to|similarities (?:to|with)|correlat\w+ (?:with|to)|in line with|resembl\w+|rather than|instead of|as opposed to|different from|not (?:a|an|the)|never|distinct from|compared (?:to|with)|replac\w+|previously (?:used|attributed|associated)|other (?:actors|groups)|also (?:used|deployed) by)\b[^.;]{0,30}$/i;

const SOFTWARE_KIND: Partial<Record<Mention['kind'], FactKind>> = {
  malware: 'uses:malware',
  tool: 'uses:tool',
  technique: 'uses:technique',
  cve: 'exploits:cve',
  indicator: 'indicator',
};

const TARGET_KIND: Partial<Record<Mention['kind'], FactKind>> = {
  sector: 'targets:sector',
  region: 'targets:region',
  country: 'targets:country',
  technology: 'targets:technology',
};

/** The actor a mention belongs to within its sentence. */
function ownerOf(scope: SentenceScope, m: Mention, text?: string): string | null {
  const actors = scope.mentions.filter((a) => a.kind === 'actor');
  if (actors.length === 0) return scope.subject;
  const before = actors.filter((a) => a.end <= m.start).at(-1);
  if (before) return before.canonical;
  // "IcedID and Qbot, delivered by TA577": the one actor named after them; "a Griffon payload
  // ... associated with TA3546, also known as FIN7": one actor under the names the sentence gives it.
  if (scope.named.length === 1) return scope.named[0]!;
  if (!text) return null;
  const same = new Set(sentenceAliases(scope, text).flatMap((f) => [f.subject, f.value]));
  return scope.named.every((n) => same.has(n)) ? scope.named[0]! : null;
}

export interface RelationContext {
  text: string;
  /** Countries the report ties an actor to as sponsor: never also its target. */
  sponsors: Set<string>;
  originator: string | null;
}

/** A sentence that denies or doubts a link ("we've never seen TA505 use Emotet") binds nothing. */
const NEGATED =
  /\b(?:never|no (?:available )?evidence|not (?:been |be )?(?:used|seen|observed|linked|related|connected|associated|attributed|tied|involved)|incorrect(?:ly)?|mistaken(?:ly)?|erroneous(?:ly)?|unexplained|false(?:ly)? (?:attributed|linked)|(?:un)?related to neither|cannot (?:be )?(?:confirm|attribut)\w*)\b/i;

/** Just before a name: the use itself is denied ("TA505 never used Emotet", "did not deploy X"). */
const DENIED_USE =
  /\b(?:never|not|n[’']t|no longer)\s+(?:[\w’']+\s+){0,3}?(?:us(?:e|es|ed|ing)|deploy\w*|deliver\w*|distribut\w*)\s+(?:the\s+|any\s+)?$/i;

/**
 * Software a sentence says an actor does not use, as "actor\0value" keys: a report that says so
 * takes back every use of it by that actor the report otherwise implies.
 */
export function deniedUses(scope: SentenceScope, text: string): string[] {
  const out: string[] = [];
  for (const m of scope.mentions) {
    if (m.kind !== 'malware' && m.kind !== 'tool') continue;
    const lead = text.slice(Math.max(scope.sentence.start, m.start - 60), m.start);
    if (!DENIED_USE.test(lead)) continue;
    const owner = ownerOf(scope, m);
    if (owner) out.push(`${owner}\u0000${m.canonical}`);
  }
  return out;
}

/**
 * Whether a sentence names a sector or place as attacked, not merely mentioned: a target cue
 * before it, and not where infrastructure sits, a lure's theme, a city something happened in, or
 * the country a report says sponsors the actor.
 */
export function isTargeted(
  text: string,
  sentence: Span,
  m: Mention,
  sponsors: ReadonlySet<string> = new Set(),
): boolean {
  if (m.kind === 'country' && sponsors.has(m.canonical)) return false;
  const lead = text.slice(sentence.start, m.start);
  // Words inside a link's address ("/threat-actor-targeting-hong-kong-activists/") say nothing.
  const near = text
    .slice(Math.max(sentence.start, m.start - 160), m.start)
    .replace(/\]\([^)\s]*\)?/g, ']')
    .slice(-100);
  if (!TARGET_CUE.test(near) && !SENT_TO.test(near)) return false;
  // "hosted on attacker-controlled GitHub accounts", "via the Dropbox API", "spoofing OneDrive":
  // a service the actor uses or imitates is its tooling, not its target.
  // "leveraged a vulnerability in Oracle WebLogic", "through RDP vulnerabilities" stay targets.
  const exploited =
    /\b(?:vulnerab\w+|exploit\w*|flaws?|bugs?|zero-days?|0-days?|unpatched|outdated|CVE-\d+)\b[^.;]{0,40}$/i.test(
      near,
    ) ||
    /^[)\]]?\s*(?:[\w-]+\s+)?(?:\([^)]{1,20}\)\s*)?(?:servers?\s+)?(?:vulnerab\w+|flaws?|bugs?|exploits?|zero-days?)\b/i.test(
      text.slice(m.end, m.end + 50),
    );
  if (
    m.kind === 'technology' &&
    !exploited &&
    (TOOLING_BEFORE.test(near) || TOOLING_AFTER.test(text.slice(m.end, m.end + 30)))
  )
    return false;
  const place = m.kind === 'country' || m.kind === 'region';
  if (place && INFRASTRUCTURE_PLACE.test(near)) return false;
  // "the Beirut tragedy", "the Iran-USA conflict": a place naming an event is a lure's theme.
  if (place && EVENT_AFTER.test(text.slice(m.end, m.end + 30))) return false;
  // "the 2022 China-Arab States Summit": a country inside a longer name is no target.
  if (place && /^[-‐]\s?\p{Lu}/u.test(text.slice(m.end, m.end + 3))) return false;
  // "in Riyadh": a capital or city is where something happened, not whom it targeted.
  return !(
    m.kind === 'country' &&
    /^\p{Lu}\p{Ll}+$/u.test(m.surface) &&
    /\bin\s+$/i.test(lead) &&
    !/\b(?:organi[sz]ations|entities|companies|firms|businesses|providers|operators|agencies|ministries|institutions|banks|hospitals|governments?|users|victims|targets)\b/i.test(
      near,
    )
  );
}

export function sentenceRelations(scope: SentenceScope, ctx: RelationContext): Fact[] {
  if (!scope.subject && scope.named.length === 0) return [];
  const { text } = ctx;
  const { sentence } = scope;
  const quote = text.slice(sentence.start, sentence.end);
  if (NEGATED.test(quote)) return [];
  const facts: Fact[] = [];
  const seen = new Set<string>();
  for (const m of scope.mentions) {
    const kind = SOFTWARE_KIND[m.kind] ?? TARGET_KIND[m.kind];
    if (!kind) continue;
    const owner = ownerOf(scope, m, text);
    if (!owner) continue;
    const lead = text.slice(sentence.start, m.start);
    if (APART.test(lead)) continue;
    if (TARGET_KIND[m.kind] && !isTargeted(text, sentence, m, ctx.sponsors)) continue;
    const key = `${owner}\u0000${kind}\u0000${m.canonical}`;
    if (seen.has(key)) continue;
    seen.add(key);
    facts.push({
      subject: owner,
      kind,
      value: m.canonical,
      originator: ctx.originator,
      start: sentence.start,
      end: sentence.end,
      quote,
    });
  }
  return facts;
}

/** Between two names of one actor: "TA2722, referred to by Proofpoint as the Balikbayan Foxes", "APT33 / Elfin", "Sandworm (Seashell Blizzard)". */
const NAMED_AS = String.raw`(?:(?:is|are|was|were|has been|have been) )?(?:also |commonly |publicly |previously |colloquially |formerly |internally )?(?:known(?: to [^.;,()]{1,30}?)? as|aka|a\.k\.a\.?|tracked(?: by [^.;,()]{1,40}?)? as|referred to(?: by [^.;,()]{1,40}?)? as|dubbed|called)\s+(?:[\p{Lu}][\p{L}\d-]*\s*(?:,|and|or|\/)\s*)*`;
// A bare comma is a list ("APT15, APT27 or Winnti Group"), never a second name: a comma needs
// the words that say so; a parenthesis or a slash says it alone.
const SAME_ACTOR = new RegExp(
  String.raw`^\s*(?:[(/]\s*(?:${NAMED_AS})?|,?\s*${NAMED_AS})(?:the\s+)?["'“‘]?$`,
  'iu',
);

/** Names a sentence gives one actor, as alias facts both ways. */
export function sentenceAliases(
  scope: Pick<SentenceScope, 'sentence' | 'mentions'>,
  text: string,
): Fact[] {
  const actors = scope.mentions.filter((m) => m.kind === 'actor');
  const out: Fact[] = [];
  const quote = text.slice(scope.sentence.start, scope.sentence.end);
  for (let i = 0; i + 1 < actors.length; i++) {
    const a = actors[i]!;
    const b = actors[i + 1]!;
    if (a.canonical === b.canonical) continue;
    const between = text.slice(a.end, b.start);
    if (between.trim() === '' || !SAME_ACTOR.test(between)) continue;
    for (const [subject, value] of [
      [a.canonical, b.canonical],
      [b.canonical, a.canonical],
    ] as const) {
      out.push({
        subject,
        kind: 'alias',
        value,
        originator: null,
        start: scope.sentence.start,
        end: scope.sentence.end,
        quote,
      });
    }
  }
  return out;
}

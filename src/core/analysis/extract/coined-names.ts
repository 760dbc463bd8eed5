/**
 * @module Names a report coins or passes on: "a new loader we are calling NimzaLoader", "a group
 * we track as TA2722", "dubbed Olympic Destroyer", "known as Evil Corp". The words around the cue
 * say whether a group or a piece of malware is named; every later use of the name in the same
 * report is a mention too. No catalog needed: vendors coin names faster than catalogs follow.
 */
import type { Mention } from '../../model/analysis.ts';
import { isCommonWord } from '../lexicon/common-words.ts';

const NAME_TOKEN = String.raw`(?:[A-Z][\w$]*[A-Za-z0-9$]|[a-z]+[A-Z][\w$]*|[A-Z])(?:[._-][A-Za-z0-9]+)*`;
const NAME = `${NAME_TOKEN}(?: (?:the )?${NAME_TOKEN}){0,2}`;
const CUE = new RegExp(
  String.raw`\b(?:dubbed|(?:we (?:are |have )?|is |are |was |were |been )?(?:named|call(?:ed|ing)?|nicknamed|code-?named|labell?ed)(?: (?:it|them|this(?: \w+){0,3}))?|(?:also |commonly |publicly )?known(?: to [^.;,]{1,30}?)? as|(?:we |is |are |being )?track(?:ed|s|ing)? (?:(?:it|them|this(?: \w+){0,3}) )?(?:by [^.;,]{1,40}? )?as|refer(?:red)? to (?:(?:it|them|this(?: \w+){0,3}) )?(?:by [^.;,]{1,40}? )?as|aka|a\.k\.a\.?)\s+(?:the\s+)?["“'‘*_]{0,2}(${NAME})["”'’*_]{0,2}`,
  'g',
);

const MALWARE_WORDS =
  'malware|backdoor|loader|RAT|trojan|ransomware|stealer|infostealer|info-stealer|tool|toolkit|implant|variant|family|strain|botnet|payload|dropper|downloader|builder|kit|web ?shell|rootkit|bootkit|keylogger|spyware|wiper|worm|framework|binary|module|maldoc|crypter|miner|banker';
const ACTOR_WORDS =
  'group|actor|cluster|gang|APT|adversary|operators?|crew|team|hackers?|collective|syndicate|intrusion set|persona|threat';
const MALWARE_NOUN = new RegExp(String.raw`\b(?:${MALWARE_WORDS})s?\b`, 'i');
const ACTOR_NOUN = new RegExp(String.raw`\b(?:${ACTOR_WORDS})s?\b`, 'i');

/** "assessed X as a high-capability APT group", "we consider X a new loader". */
const DESCRIBED_AS = new RegExp(
  String.raw`\b(?:assess(?:ed|es)?|consider(?:ed|s)?|classif(?:y|ies|ied)|regard(?:ed|s)?|describe[sd]?)\s+(${NAME})\s+(?:as\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(${MALWARE_WORDS}|${ACTOR_WORDS})s?\b`,
  'g',
);

/** Words that follow a cue and are not names ("called Monday", "known as The"). */
const NOT_A_NAME =
  /^(?:The|A|An|This|That|It|They|We|Our|Its|Their|In|On|At|By|For|And|Or|But|If|When|As|Of|To|From|With)$/;

function kindNear(before: string, after: string): 'actor' | 'malware' | null {
  // The noun closest to the cue decides: "a new malware we are calling X", "a group we call X";
  // only the last few words count ("operators with a system called Pouya" names a system).
  const lead = before.split(/\s+/).slice(-6).join(' ');
  const m = [...lead.matchAll(new RegExp(`${MALWARE_NOUN.source}|${ACTOR_NOUN.source}`, 'gi'))].at(
    -1,
  );
  if (m) return MALWARE_NOUN.test(m[0]) ? 'malware' : 'actor';
  const follow = after.slice(0, 40);
  if (/^[,\s]+(?:a|an|the)\s+(?:\w+\s+){0,3}?/.test(follow)) {
    if (MALWARE_NOUN.test(follow)) return 'malware';
    if (ACTOR_NOUN.test(follow)) return 'actor';
  }
  return null;
}

/** "DiOAFArhpr", "Kv2TDW4O": strings from samples and file names, not names anyone coined. */
function looksGenerated(name: string): boolean {
  return name.split(' ').some((token) => {
    const inner = token.slice(1);
    const capitals = (inner.match(/\p{Lu}/gu) ?? []).length;
    return (
      token !== token.toUpperCase() &&
      (capitals >= 3 || (/\d/.test(token) && /\p{Lu}/u.test(inner)))
    );
  });
}

/** Coined names with every use of them in the text. */
export function findCoinedNames(text: string): Mention[] {
  const coined = new Map<string, 'actor' | 'malware'>();
  const consider = (
    raw: string,
    quoted: boolean,
    kindOf: (name: string) => 'actor' | 'malware' | null,
  ) => {
    const name = raw.replace(/[.,;:]+$/, '');
    const first = name.split(' ')[0]!;
    if (NOT_A_NAME.test(first) || name.length < 4) return;
    if (looksGenerated(name)) return;
    // A plain English word needs quotes or capitals to be a coined name ("dubbed 'Sliver'").
    if (!name.includes(' ') && isCommonWord(name) && !quoted && name !== name.toUpperCase()) return;
    const kind = kindOf(name);
    if (kind && !coined.has(name)) coined.set(name, kind);
  };
  for (const m of text.matchAll(CUE)) {
    const start = m.index + m[0].indexOf(m[1]!);
    // "we are calling this campaign and actor X": the cue itself may say what is named.
    consider(m[1]!, /["”'’*_]$/.test(m[0]), (name) =>
      kindNear(
        text.slice(Math.max(0, m.index - 80), m.index) + text.slice(m.index, start),
        text.slice(start + name.length),
      ),
    );
  }
  // "We assessed ReconHellcat as a high-capability APT group": the noun after "as" says what.
  for (const m of text.matchAll(DESCRIBED_AS)) {
    consider(m[1]!, false, () => (MALWARE_NOUN.test(m[2]!) ? 'malware' : 'actor'));
  }
  const out: Mention[] = [];
  for (const [name, kind] of coined) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of text.matchAll(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g')))
      out.push({
        kind,
        canonical: name,
        surface: name,
        start: m.index,
        end: m.index + name.length,
      });
  }
  return out.sort((a, b) => a.start - b.start);
}

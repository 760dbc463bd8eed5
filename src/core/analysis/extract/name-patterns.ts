/**
 * @module Actor and malware names that are not in the catalog, recognised by the naming schemes
 * vendors use (Microsoft weather names, CrowdStrike animals, Unit 42 constellations, Mandiant
 * UNC/APT/FIN numbers, Proofpoint TA numbers ...) and by phrases such as "the X group" or
 * "X ransomware". Each pattern carries guards against ordinary words.
 */
import type { Mention } from '../../model/analysis.ts';
import { isCommonWord } from '../lexicon/common-words.ts';

/** Words that cannot be the first word of a scheme name ("Teddy Bear", "The Typhoon"). */
const NOT_A_NAME = new Set(
  (
    'The A An This That These Those Its Their Our Your His Her Each Every Any Some No One Two New Old ' +
    'Which What Who Whose Where When How Why Whom ' +
    'Big Giant Red Black Brown Polar Grizzly Teddy Gummy Bull Paper Snow Tropical Super Heavy Severe Major ' +
    'Winter Summer Spring Autumn Perfect Ice Sand Acid Desert Dust Killer Tiger Bengal Crouching Hidden ' +
    'Chinese Russian Iranian Korean North South East West American British European Asian African ' +
    'Ransomware Malware Storm Cyber Microsoft Google Apple Amazon Meta According However Also When While ' +
    'After Before During Since Because If Although Yet Still Even Just Only Like Unlike Such Other Another ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
    'August September October November December Zodiac Sign Sun Moon Star Group Team Unit Operation ' +
    'APT Advanced Persistent Intelligence Development Hacking Threat Security Research Criminal Cybercrime ' +
    'Encrypted Decrypted Ransomware Malware Hacker Hackers State Nation Government Military Russian'
  ).split(' '),
);

/** Words that are never the name in "X ransomware", "X backdoor" ... */
const NOT_A_MALWARE_NAME = new Set(
  (
    'new the this that these those its their our a an other such another any some multiple several many ' +
    'first second third final initial additional secondary primary main known unknown previous similar same ' +
    'popular notorious infamous sophisticated destructive fileless generic common custom commodity modular ' +
    'legitimate fake malicious mobile banking remote android windows linux macos ios unix python java ' +
    'javascript powershell net go golang rust php perl ruby lua nim delphi office microsoft excel word pdf vba ' +
    'macro document email russian chinese iranian korean north south ransomware malware trojan backdoor ' +
    'loader stealer botnet rat bot worm wiper dropper downloader spyware miner implant rootkit payload ' +
    'crypto cryptocurrency iot data information credential password browser html http https dns smb rdp vpn ' +
    'c2 cnc api iso lnk zip rar dll exe js vbs hta msi elf shell web server client open source opensource ' +
    'second-stage first-stage multi-stage two-stage cross-platform linux-based windows-based android-based ' +
    'free paid private public underground dark this-year last year year same-name eponymous original ' +
    'updated latest recent older newer novel unnamed undocumented dubbed named called its targeted ' +
    'sample samples variant variants version versions family families strain strains campaign attack ' +
    'threat actor actors group groups operators affiliates gang emotet-like qakbot-like state nation ' +
    'ics ot scada mac bash batch script scripts text file files run atm pos iot apt c2 uefi bios mbr sms usb ' +
    'widespread mentioned running offline send logger commercial android banking point sale'
  ).split(' '),
);

const MALWARE_NOUNS =
  'ransomware|RAT|backdoor|loader|stealer|infostealer|info-stealer|trojan|Trojan|banking trojan|botnet|wiper|dropper|downloader|keylogger|banker|spyware|worm|cryptominer|miner|web ?shell|webshell|implant|rootkit|bootkit|malware family|malware strain|malware|exploit kit|crypter|remote access trojan';

interface Pattern {
  kind: 'actor' | 'malware';
  re: RegExp;
  /** Capture group holding the name (0 = whole match). */
  group?: number;
  /** Capture group holding the leading word to check against NOT_A_NAME. */
  firstWord?: number;
}

const PATTERNS: Pattern[] = [
  // Microsoft, 2023 onwards: Volt Typhoon, Midnight Blizzard, Mint Sandstorm, Octo Tempest ...
  {
    kind: 'actor',
    re: /\b([A-Z][a-z]{2,}) (?:Typhoon|Blizzard|Sandstorm|Sleet|Cyclone|Hail|Rain|Dust|Tempest|Tsunami|Flood)\b/g,
    firstWord: 1,
  },
  { kind: 'actor', re: /\b(?:Storm|DEV)-\d{3,4}\b/g },
  // CrowdStrike animals and Unit 42 constellations.
  {
    kind: 'actor',
    re: /\b([A-Z][a-z]{2,}) (?:Panda|Bear|Kitten|Chollima|Spider|Tiger|Leopard|Buffalo|Crane|Jackal|Taurus|Ursa|Serpens|Pisces|Libra|Scorpius)\b/g,
    firstWord: 1,
  },
  // Numbered clusters: Mandiant, Proofpoint, Recorded Future, Unit 42, CERT-UA, Qihoo 360.
  {
    kind: 'actor',
    re: /\b(?:UNC\d{3,5}|TA(?!0\d{3}\b)\d{3,4}|TAG-\d{2,3}|(?:CL|TGR)-(?:STA|CRI|UNK)-\d{4}|APT-C-\d{2,3}|UAC-\d{4})\b/g,
  },
  { kind: 'actor', re: /\bAPT ?\d{1,3}\b(?![.,]\d)/g },
  { kind: 'actor', re: /\bFIN ?\d{1,2}\b(?![.,]\d)/g },
  // Secureworks: a colour or element and a second capitalised word, both in capitals.
  {
    kind: 'actor',
    re: /\b(?:BRONZE|IRON|COBALT|NICKEL|GOLD|TUNGSTEN|ALUMINUM|PLATINUM|COPPER|CARBON|ZINC|TIN|SILVER|LEAD|CHROMIUM|TITANIUM) [A-Z]{4,}\b/g,
  },
  // "the Lazarous group", "the TrickBot gang", "the Gorgon APT group". A capitalised "Group" is
  // usually a company ("UniCredit Group"), so only the lower-case word counts.
  {
    kind: 'actor',
    re: /\b(?:[Tt]he )?(([A-Z][\w$]*[A-Za-z0-9$](?:[ -][A-Z][\w$]*[A-Za-z0-9$]){0,2}) (?:group|gang|APT group|APT actor|APT|hacking group|threat group|ransomware gang|crew|[Gg]ang))\b/g,
    group: 2,
    firstWord: 2,
  },
  // "Egregor ransomware", "the RustyBuer loader", "Hallaj Pro RAT".
  {
    kind: 'malware',
    re: new RegExp(
      `\\b((?:[A-Z][\\w.$]*[A-Za-z0-9]|[a-z][a-z0-9]*[A-Z][\\w]*)(?: [A-Z][\\w.$]*[A-Za-z0-9]){0,2}) (?:${MALWARE_NOUNS})\\b(?! (?:attacks?|incidents?|breach|victims?|outbreak)\\b)`,
      'g',
    ),
    group: 1,
    firstWord: 1,
  },
];

/** A capitalised word at the start of a sentence is weak evidence of a name. */
function atSentenceStart(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 3), index);
  return index === 0 || /(?:[.!?]["'’”)]?\s+|\n)$/.test(before);
}

const CONSTELLATION = /^(?:Taurus|Ursa|Serpens|Pisces|Libra|Scorpius)$/;

/**
 * "Encrypted Taurus" in a report about the Taurus stealer is not a Unit 42 name: when the
 * scheme word also stands alone in the text, it is a name of its own there.
 */
function schemeWordStandsAlone(text: string, word: string): boolean {
  return new RegExp(`(?:^|[^\\p{L}\\s]\\s*|\\b(?:the|a|of|by|and) )${word}\\b`, 'u').test(text);
}

export function findPatternNames(text: string): Mention[] {
  const found: Mention[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern.re)) {
      const group = pattern.group ?? 0;
      let surface = m[group];
      if (!surface) continue;
      let start = m.index + m[0].indexOf(surface);
      if (pattern.kind === 'malware') {
        // "Recent FK_Undead", "New Egregor": leading ordinary words are not part of the name.
        const words = surface.split(' ');
        while (
          words.length > 1 &&
          (NOT_A_MALWARE_NAME.has(words[0]!.toLowerCase()) ||
            (atSentenceStart(text, start) && /^[A-Z][a-z]+$/.test(words[0]!)))
        ) {
          start += words.shift()!.length + 1;
        }
        surface = words.join(' ');
        // "Remote Access Trojan" leaves "Access": an ordinary word inside a capitalised run is a
        // description, not a name; capitalised after a lower-case word ("a Griffon payload") it is.
        if (
          words.length === 1 &&
          isCommonWord(surface) &&
          /^\p{Lu}\p{Ll}+$/u.test(surface) &&
          !/\b\p{Ll}[\p{L}-]*[ \t]+$/u.test(text.slice(Math.max(0, start - 30), start))
        )
          continue;
      }
      const first = pattern.firstWord
        ? pattern.kind === 'malware'
          ? surface
          : m[pattern.firstWord]
        : undefined;
      if (first) {
        const word = first.split(/[ -]/)[0]!;
        if (NOT_A_NAME.has(word)) continue;
        if (pattern.kind === 'malware') {
          if (NOT_A_MALWARE_NAME.has(first.toLowerCase()) || first.length < 3) continue;
          // "Ransomware" at the start of a sentence, or a plain capitalised word there, is prose.
          if (atSentenceStart(text, start) && /^[A-Z][a-z]+$/.test(first)) continue;
        }
      }
      const last = surface.split(' ').at(-1)!;
      if (pattern.kind === 'actor' && CONSTELLATION.test(last) && schemeWordStandsAlone(text, last))
        continue;
      // "IRS-themed", "Python-based": descriptions, not names.
      if (
        pattern.kind === 'malware' &&
        /-(?:themed|based|related|like|style|powered|enabled|targeting|linked|written|delivered)$/i.test(
          surface,
        )
      )
        continue;
      const end = start + surface.length;
      // An earlier (more specific) scheme already claimed these words: "TA428" before "TA428 group".
      if (found.some((f) => start < f.end && f.start < end)) continue;
      const canonical = surface
        .replace(/\s+/g, ' ')
        .replace(/^APT (\d)/, 'APT$1')
        .replace(/^FIN (\d)/, 'FIN$1');
      found.push({ kind: pattern.kind, canonical, surface, start, end });
    }
  }
  return found;
}

/** @module Indicators shown defanged (hxxp, [.]) so no reader can click or resolve them by accident. */

const FANGED = /[[\](){}\\]|hxxp|fxp/i;

/**
 * Undoes common defanging: hxxp -> http, [.] (.) {.} [dot] .] [. \. -> ., [:] -> :, [@] [at] -> @.
 * Sources are inconsistent ("106.]14.47.210", "pruebaremc.]duckdns.org", "bikweb\.com").
 */
export function refang(value: string): string {
  // Every form undone has a bracket, a parenthesis, a brace, a backslash, hxxp or fxp in it.
  if (!FANGED.test(value)) return value;
  return value
    .replace(/\bhxxp(s?)/gi, 'http$1')
    .replace(/\bfxp\b/gi, 'ftp')
    .replace(/\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))\s*/gi, '.')
    .replace(/\.\]|\[\.|\\\./g, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\s*(?:\[@\]|\[at\]|\(at\))\s*/gi, '@');
}

/** http://evil.example/x -> hxxp://evil[.]example/x; 203.0.113.5 -> 203.0.113[.]5; a@b.test -> a[@]b[.]test. */
export function defang(value: string): string {
  const plain = refang(value);
  switch (indicatorType(plain)) {
    case 'url': {
      const m = /^([a-z]+):\/\/([^/?#]*)(.*)$/i.exec(plain);
      if (!m) return plain.replace(/\./g, '[.]');
      const scheme = m[1]!.toLowerCase().replace(/^http/, 'hxxp').replace(/^ftp/, 'fxp');
      return `${scheme}://${m[2]!.replace(/\./g, '[.]')}${m[3]}`;
    }
    case 'ipv4':
      return plain.replace(/\.(\d+)$/, '[.]$1');
    case 'email':
      return plain.replace('@', '[@]').replace(/\./g, '[.]');
    case 'hash':
      return plain;
    default:
      return plain.replace(/\./g, '[.]');
  }
}

const IPV4 =
  /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\[\.\]|\(\.\)|\.\]|\[\.|\\\.|\.)){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\w|\.\d|\[\.\])/g;
const URL = /\b(?:https?|hxxps?|ftp|fxp)(?::|\[:\])\/\/(?:[^\s<>"'`)\][]+|\[\.\]|\[:\])+/gi;
const EMAIL = /\b[\w.+-]+(?:@|\[@\]|\[at\])[\w-]+(?:(?:\.|\[\.\])[\w-]+)+\b/gi;
const MAYBE_EMAIL = /@|\[at\]/i;
const HASH = /\b(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b/gi;
const DOMAIN =
  /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\[\.\]|\(\.\)|\.\]|\[\.|\\\.|\.))+([a-z]{2,24})\b(?![.\w-]*\()/gi;

/** DOMAIN anchored where it is tried, for trying it only where a name may start. */
const DOMAIN_AT = new RegExp(DOMAIN.source, 'iy');

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 // _
  );
}

function isLetterOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters a domain match is made of: letters, digits, hyphens, dots and defanging brackets. */
function isDomainChar(c: number): boolean {
  return isWordChar(c)
    ? c !== 95
    : c === 45 || c === 46 || c === 91 || c === 93 || c === 40 || c === 41 || c === 92;
}

/**
 * What `text.matchAll(DOMAIN)` finds, without trying the pattern at every word: a match is made
 * of domain characters only and holds a dot, so it starts in a run of them before a dot, where
 * a word begins. Those starts are tried in order, as the global scan would.
 */
function* domainMatches(text: string): Generator<RegExpExecArray> {
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    if (dot < 0) return;
    // The first dot of a match is inside its first separator, and a label follows that
    // separator ("x.com", "x[.]com", "x(.)com"): a dot that ends a sentence starts nothing.
    const next = text.charCodeAt(dot + 1);
    const labelNext =
      next === 93 || next === 41 // ] )
        ? isLetterOrDigit(text.charCodeAt(dot + 2))
        : isLetterOrDigit(next);
    if (!labelNext) {
      from = dot + 1;
      continue;
    }
    let start = dot;
    while (start > from && isDomainChar(text.charCodeAt(start - 1))) start--;
    let matched = false;
    for (let at = start; at < dot; at++) {
      // The pattern opens with a word boundary before a letter or digit.
      if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
      DOMAIN_AT.lastIndex = at;
      const m = DOMAIN_AT.exec(text);
      if (m) {
        yield m;
        from = m.index + m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) from = dot + 1;
  }
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Whether the text holds 32 hex digits in a row, as every hash does. Such a run covers two
 * neighbouring multiples of 16, so only those places are looked at first.
 */
function hasHexRun(text: string): boolean {
  for (let at = 0; at + 16 < text.length; at += 16) {
    if (!isHexDigit(text.charCodeAt(at)) || !isHexDigit(text.charCodeAt(at + 16))) continue;
    let start = at;
    while (start > 0 && isHexDigit(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isHexDigit(text.charCodeAt(end))) end++;
    if (end - start >= 32) return true;
  }
  return false;
}

/** TLDs common enough in indicators to count; file extensions ("update.exe") are not TLDs. */
const TLDS = new Set(
  (
    'com net org info biz io co xyz top online site club app dev cloud live shop store tech space website ' +
    'ru su cn hk tw kr kp jp in ir ua by kz uz pk vn th id my sg ph tr il sa ae qa eu uk de fr it es nl ' +
    'be ch at pl cz ro bg hu se no fi dk ee lv lt br ar mx cl pe us ca au nz za ng ke eg ma tk ml ga cf gq ' +
    'pw cc me ws to tv icu buzz work rest fun monster cyou sbs lol onion test example invalid local'
  ).split(' '),
);

export type IndicatorType = 'ipv4' | 'url' | 'email' | 'hash' | 'domain';

export interface FoundIndicator {
  type: IndicatorType;
  /** Refanged value: what tools and feeds expect. */
  value: string;
  start: number;
  end: number;
}

/** Finds network and file indicators in text, whether written plainly or defanged. */
export function findIndicators(text: string): FoundIndicator[] {
  const found: FoundIndicator[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const add = (type: IndicatorType, m: RegExpMatchArray, value: string) => {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) return;
    taken.push([start, end]);
    found.push({ type, value, start, end });
  };
  for (const m of text.matchAll(URL)) add('url', m, refang(m[0].replace(/[.,;:!?*_]+$/, '')));
  // An address needs an at sign, written or defanged; most texts hold none, and skip the scan.
  if (MAYBE_EMAIL.test(text))
    for (const m of text.matchAll(EMAIL)) add('email', m, refang(m[0]).toLowerCase());
  for (const m of text.matchAll(IPV4)) add('ipv4', m, refang(m[0]));
  for (const m of hasHexRun(text) ? text.matchAll(HASH) : []) {
    // A run of hex that is all digits is a number, not a hash.
    if (/[a-f]/i.test(m[0]) && /\d/.test(m[0])) add('hash', m, m[0].toLowerCase());
  }
  for (const m of domainMatches(text)) {
    const plain = refang(m[0]);
    const value = plain.toLowerCase();
    const defanged = m[0] !== plain;
    if (!TLDS.has(m[1]!.toLowerCase())) continue;
    // Plainly written two-part names ("Node.js", "U.S") are rarely indicators; defanged ones always are.
    if (!defanged && value.split('.').length < 2) continue;
    if (!defanged && /^(?:e\.g|i\.e|u\.s|u\.k)$/i.test(value)) continue;
    // "1.In the case of ...": a list number before a word is not a host.
    if (!defanged && /^(?:\d+\.)+[a-z]+$/.test(value)) continue;
    add('domain', m, value);
  }
  return found.sort((a, b) => a.start - b.start);
}

export function indicatorType(value: string): IndicatorType {
  if (/^(?:https?|ftp):\/\//i.test(value)) return 'url';
  if (value.includes('@')) return 'email';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return 'ipv4';
  if (/^[a-f0-9]{32,64}$/i.test(value)) return 'hash';
  return 'domain';
}

/** Every indicator in a text defanged, the prose around them untouched. */
export function defangIndicators(text: string): string {
  let out = '';
  let at = 0;
  for (const found of findIndicators(text)) {
    out += text.slice(at, found.start) + defang(text.slice(found.start, found.end));
    at = found.end;
  }
  return out + text.slice(at);
}

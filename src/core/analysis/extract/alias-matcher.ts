/** @module Finds catalog names in text: spacing-, case- and punctuation-tolerant, longest name first. */
import type { Mention } from '../../model/analysis.ts';
import { type AliasHit, aliasKey, type Catalog, type CatalogKind } from '../catalog/catalog.ts';
import { foldedTokens, foldToken, type Token, tokenLinks } from './tokens.ts';

/** Words after a shared name that say which of actor or software is meant. */
const SOFTWARE_CUE =
  /^(?:ransomware|malware|payload|payloads|variant|variants|sample|samples|binary|binaries|loader|strain|encryptor|family|families|backdoor|trojan|infection|infections|builds?|dll|executable|botnet|stealer|rat|locker|decryptor)$/i;
/** After an ordinary word that names malware ("Final ransomware"): a kind of malware, not "Final payload". */
const ORDINARY_NAME_CUE =
  /^(?:ransomware|malware|loader|strain|encryptor|family|backdoor|trojan|botnet|stealer|rat|locker|decryptor)$/i;
const ACTOR_CUE =
  /^(?:group|groups|gang|gangs|operators?|actors?|affiliates?|team|crew|hackers|apt|members|cartel|collective|syndicate)$/i;

/** Before a brand name, words that make it the group: "the operators of DarkSide", "used by REvil". */
const ACTOR_BEFORE =
  /\b(?:(?:operators?|affiliates?|members?|developers?|admins?|leaders?|gang|group|crew) of (?:the )?|(?:used|run|operated|developed|claimed|announced|posted|published|demanded|breached|attacked|hit|targeted) by (?:the )?)$/i;
/** After it: "DarkSide Ransomware-as-a-Service", "REvil RaaS": the operation, i.e. the group. */
const ACTOR_AFTER =
  /^\s+(?:ransomware[- ]as[- ]a[- ]service|RaaS|(?:announced|claimed|said|stated|posted|told|demanded|threatened|shut down|closed|ceased|retired|rebranded)\b)/i;

/** A word ending in a lower-case letter then a one- or two-digit footnote number ("Chopper4"). */
const FOOTNOTE = /^(\p{L}*\p{Ll})(\d{1,2})$/u;

function endsInDigit(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  return last >= 48 && last <= 57;
}

function sameCase(surface: string, alias: string): boolean {
  const strip = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
  return strip(surface) === strip(alias);
}

/** A single short token ("RTM", "SEA") only counts in the catalog's exact spelling. */
function isShort(key: string): boolean {
  return key.length <= 3;
}

/** Whether [start, end) sits in an image caption, a file name or a path rather than in prose. */
function insidePathOrImage(text: string, start: number, end: number): boolean {
  if (text.slice(Math.max(0, start - 2), start) === '![') return true;
  let from = start;
  while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/\s/.test(text[to]!)) to++;
  const after = text.slice(end, to);
  // The text of a Markdown link ("[Turla](https://...)") is prose.
  if (/^[^\s\]]*\]\(/.test(after)) return false;
  const chunk = text.slice(from, to);
  // A link's address, relative or not ("[FlawedGrace](/post/servhelper-and-flawedgrace)").
  if (/\]\([^\s)]*$/.test(text.slice(from, start))) return true;
  // "autorun.inf", "cmd.exe": a file name, not the family that shares its stem.
  if (
    /^\.(?:exe|dll|inf|ini|dat|bat|cmd|ps1|vbs|js|sys|tmp|log|bin|zip|rar|docx?|xlsx?|lnk|hta|msi|jar|py|sh|so|elf|apk)\b/i.test(
      text.slice(end, end + 6),
    )
  )
    return true;
  return (
    /^[/\\]/.test(chunk) ||
    chunk.includes('://') ||
    /^[^\s]{0,12}?\.(?:png|jpe?g|gif|svg|webp)\b/i.test(after)
  );
}

export interface AliasMatch extends Mention {
  kind: CatalogKind;
}

export class AliasMatcher {
  readonly #catalog: Catalog;
  readonly #maxTokens: number;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
    this.#maxTokens = catalog.maxAliasTokens();
  }

  #accept(hit: AliasHit, surface: string, key: string): boolean {
    if (hit.strict || hit.common || isShort(key))
      return (
        sameCase(surface, hit.alias) ||
        sameCase(surface, hit.entry.name) ||
        // "BadNews" for BADNEWS: one word with a capital inside is a name, not the words "bad news".
        (hit.strict && !hit.common && !isShort(key) && /^\p{Lu}\p{Ll}+\p{Lu}\p{L}*$/u.test(surface))
      );
    // An all-lowercase surface of a multi-word name is usually ordinary prose ("dark halo",
    // "copy-paste").
    const words = /\s/.test(surface) || /^\p{L}{3,}(?:-\p{L}{3,})+$/u.test(surface);
    if (words && surface === surface.toLowerCase() && /\p{Lu}/u.test(hit.alias)) return false;
    return true;
  }

  /**
   * Chooses between an actor and a software entry that share a name ("REvil", "Conti"): the
   * actor only when the next word says so ("REvil operators"); otherwise the software, which is
   * what such a bare name usually means in a report.
   */
  #disambiguate(
    hits: AliasHit[],
    next: string | undefined,
    before: string,
    after: string,
  ): AliasHit[] {
    const kinds = new Set(hits.map((h) => h.entry.kind));
    if (kinds.size < 2 || !kinds.has('actor')) return hits;
    const actorSide =
      (next !== undefined && ACTOR_CUE.test(next) && !SOFTWARE_CUE.test(next)) ||
      ACTOR_BEFORE.test(before) ||
      ACTOR_AFTER.test(after);
    return hits.filter((h) => (h.entry.kind === 'actor') === actorSide);
  }

  match(text: string, tokens: Token[]): AliasMatch[] {
    const keys = foldedTokens(tokens);
    const links = tokenLinks(text, tokens);
    const found: AliasMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      // Walk forward while the joined key is still the start of some alias; keep the longest hit.
      let key = '';
      let best: { len: number; hits: AliasHit[]; cut?: number } | undefined;
      for (let len = 1; len <= this.#maxTokens && i + len <= tokens.length; len++) {
        if (len > 1 && !links[i + len - 2]) break;
        const last = tokens[i + len - 1]!;
        // "China Chopper4, JspSpy5 webshells": a footnote number glued to the name's last word.
        // (Only a word ending in a digit can carry one: most words skip the pattern.)
        const footnote = endsInDigit(last.text) ? FOOTNOTE.exec(last.text) : null;
        if (footnote && (!best || best.len < len)) {
          const trimmed = key + foldToken(footnote[1]!);
          const surface = text.slice(tokens[i]!.start, last.end - footnote[2]!.length);
          const hits = this.#catalog
            .lookupKey(trimmed)
            .filter((h) => this.#accept(h, surface, trimmed));
          if (hits.length) best = { len, hits, cut: footnote[2]!.length };
        }
        key += keys[i + len - 1];
        if (!this.#catalog.hasPrefix(key)) break;
        // Most keys on the way are only the start of a name: nothing more to check for them.
        const named = this.#catalog.lookupKey(key);
        if (named.length === 0) continue;
        const surface = text.slice(tokens[i]!.start, last.end);
        // "a Griffon payload": a name the catalog writes in capitals ("GRIFFON"), capitalised
        // after a lower-case word and before a word saying what it is.
        const next = links[i + len - 1] ? tokens[i + len]?.text : undefined;
        const described =
          next !== undefined &&
          SOFTWARE_CUE.test(next) &&
          /\b\p{Ll}[\p{L}-]*[ \t]+$/u.test(
            text.slice(Math.max(0, tokens[i]!.start - 30), tokens[i]!.start),
          );
        const hits = named.filter(
          (h) =>
            this.#accept(h, surface, key) ||
            (described &&
              h.strict &&
              h.entry.kind !== 'actor' &&
              !isShort(key) &&
              /^\p{Lu}\p{Ll}+$/u.test(surface)),
        );
        if (hits.length) best = { len, hits };
      }
      if (!best) {
        i++;
        continue;
      }
      const start = tokens[i]!.start;
      const end = tokens[i + best.len - 1]!.end - (best.cut ?? 0);
      const surface = text.slice(start, end);
      // "Payment ransomware": a name this ordinary needs the word saying what it names.
      const next = links[i + best.len - 1] ? tokens[i + best.len]?.text : undefined;
      // The cue must fit the kind: "One group" names no malware called One.
      const sentenceStart = /(?:^|[.!?:]\s+|\n\s*)$/.test(
        text.slice(Math.max(0, tokens[i]!.start - 3), tokens[i]!.start),
      );
      // A capitalised ordinary word opening a sentence ("Final payload ...") is no name either.
      const cueFits = (h: AliasHit) =>
        next !== undefined &&
        !sentenceStart &&
        (h.entry.kind === 'actor' ? ACTOR_CUE.test(next) : ORDINARY_NAME_CUE.test(next));
      // An imported name is found as written: "RatOn" is not "RAT on".
      const asWritten = (h: AliasHit) =>
        h.entry.source === 'builtin' ||
        best!.len === (h.alias.match(/[\p{L}\p{N}]+/gu)?.length ?? 1);
      best.hits = best.hits.filter((h) => (!h.needsCue || cueFits(h)) && asWritten(h));
      if (best.hits.length === 0) {
        i += best.len;
        continue;
      }
      // "Equation Editor", "Remote Access Trojan", "Cobalt Strike": an ordinary word inside a
      // longer capitalised name is not the name; at a sentence start it needs a cue after it.
      if (best.hits.every((h) => h.common || h.strict) && best.len === 1) {
        const prev = i > 0 && links[i - 1] ? tokens[i - 1]!.text : undefined;
        const next = links[i] ? tokens[i + 1]?.text : undefined;
        const cue = next !== undefined && (ACTOR_CUE.test(next) || SOFTWARE_CUE.test(next));
        const capital = (t: string | undefined) => t !== undefined && /^\p{Lu}/u.test(t);
        const sentenceStart = /(?:^|[.!?:]\s+|\n\s*)$/.test(
          text.slice(Math.max(0, start - 3), start),
        );
        if (!cue && (capital(prev) || capital(next) || sentenceStart)) {
          i += 1;
          continue;
        }
      }
      // Image captions, file names and paths ("![APT_1](/images/APT_1.png)") are not mentions;
      // "Mespinoza/Pysa" is two names for one thing and is.
      if (insidePathOrImage(text, start, end)) {
        i += best.len;
        continue;
      }
      const context = [
        text.slice(Math.max(0, start - 40), start),
        text.slice(end, end + 30),
      ] as const;
      for (const hit of this.#disambiguate(best.hits, tokens[i + best.len]?.text, ...context)) {
        found.push({ kind: hit.entry.kind, canonical: hit.entry.name, surface, start, end });
      }
      i += best.len;
    }
    return found;
  }
}

export { aliasKey };

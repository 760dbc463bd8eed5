/** @module Finds catalog names in text: spacing-, case- and punctuation-tolerant, longest name first. */
import type { Mention } from '../../model/analysis.ts';
import { type AliasHit, aliasKey, type Catalog, type CatalogKind } from '../catalog/catalog.ts';
import { joinable, type Token } from './tokens.ts';

/** Words after a shared name that say which of actor or software is meant. */
const SOFTWARE_CUE =
  /^(?:ransomware|malware|payload|payloads|variant|variants|sample|samples|binary|binaries|loader|strain|encryptor|family|families|backdoor|trojan|infection|infections|builds?|dll|executable|botnet|stealer|rat|locker|decryptor)$/i;
const ACTOR_CUE =
  /^(?:group|groups|gang|gangs|operators?|actors?|affiliates?|team|crew|hackers|apt|members|cartel|collective|syndicate)$/i;

function sameCase(surface: string, alias: string): boolean {
  const strip = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
  return strip(surface) === strip(alias);
}

/** A single short token ("RTM", "SEA") only counts in the catalog's exact spelling. */
function isShort(key: string): boolean {
  return key.length <= 3;
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
    if (hit.strict || isShort(key))
      return sameCase(surface, hit.alias) || sameCase(surface, hit.entry.name);
    // An all-lowercase surface of a multi-word name is usually ordinary prose ("dark halo").
    if (/\s/.test(surface) && surface === surface.toLowerCase() && /\p{Lu}/u.test(hit.alias))
      return false;
    return true;
  }

  /**
   * Chooses between an actor and a software entry that share a name ("REvil", "Conti"): the
   * actor only when the next word says so ("REvil operators"); otherwise the software, which is
   * what such a bare name usually means in a report.
   */
  #disambiguate(hits: AliasHit[], next: string | undefined): AliasHit[] {
    const kinds = new Set(hits.map((h) => h.entry.kind));
    if (kinds.size < 2 || !kinds.has('actor')) return hits;
    if (next && ACTOR_CUE.test(next) && !SOFTWARE_CUE.test(next))
      return hits.filter((h) => h.entry.kind === 'actor');
    return hits.filter((h) => h.entry.kind !== 'actor');
  }

  match(text: string, tokens: Token[]): AliasMatch[] {
    const found: AliasMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched = 0;
      for (let len = Math.min(this.#maxTokens, tokens.length - i); len >= 1; len--) {
        const last = tokens[i + len - 1]!;
        let contiguous = true;
        for (let k = i; k < i + len - 1; k++) {
          if (!joinable(text, tokens[k]!, tokens[k + 1]!)) {
            contiguous = false;
            break;
          }
        }
        if (!contiguous) continue;
        const start = tokens[i]!.start;
        const surface = text.slice(start, last.end);
        const key = aliasKey(surface);
        const hits = this.#catalog.lookup(surface).filter((h) => this.#accept(h, surface, key));
        if (hits.length === 0) continue;
        for (const hit of this.#disambiguate(hits, tokens[i + len]?.text)) {
          found.push({
            kind: hit.entry.kind,
            canonical: hit.entry.name,
            surface,
            start,
            end: last.end,
          });
        }
        matched = len;
        break;
      }
      i += matched || 1;
    }
    return found;
  }
}

export { aliasKey };

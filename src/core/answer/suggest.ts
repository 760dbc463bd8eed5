/** @module "Did you mean Phantom Taurus?": close names from the catalog and the store. */

function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Up to `limit` names close to `query`: small edit distance on the whole name, or the query
 * matching the start of a name or one of its words. `names` maps each alias to its canonical name.
 */
export function closeNames(
  query: string,
  names: Iterable<[alias: string, canonical: string]>,
  limit = 3,
): string[] {
  const q = fold(query);
  if (q.length < 3) return [];
  const scored = new Map<string, number>();
  for (const [alias, canonical] of names) {
    const a = fold(alias);
    if (!a) continue;
    let score: number | undefined;
    const d = distance(q, a);
    if (d <= Math.max(1, Math.floor(Math.min(q.length, a.length) / 4))) score = d;
    else if (
      a.startsWith(q) ||
      alias
        .toLowerCase()
        .split(/\s+/)
        .some((w) => fold(w) === q)
    )
      score = 3;
    if (score === undefined) continue;
    const best = scored.get(canonical);
    if (best === undefined || score < best) scored.set(canonical, score);
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
}

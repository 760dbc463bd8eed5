/** @module Greedy packing of rendered pieces into messages that each stay within a platform's limits. */

/**
 * Fills each group while `fits` says yes, then starts the next; `index` is the group's place, because
 * the first message usually carries a heading the others do not. A piece that does not fit even alone
 * still gets a group of its own: callers cap single pieces, so this only guards against a lost piece.
 */
export function packGreedy<T>(
  pieces: readonly T[],
  fits: (group: readonly T[], index: number) => boolean,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const piece of pieces) {
    if (current.length === 0 || fits([...current, piece], groups.length)) {
      current.push(piece);
    } else {
      groups.push(current);
      current = [piece];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

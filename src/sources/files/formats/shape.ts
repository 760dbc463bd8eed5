/**
 * @module Cheap looks at a document's shape before the real parser runs: how deep JSON nests, and
 * how deep and how many HTML elements a tree builder would make. Linear scans, no allocation per
 * token, so a hostile file is refused in milliseconds instead of stalling the parser for minutes.
 */

/** The deepest nesting of arrays and objects in JSON text, counting stops once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** Elements that never hold others. */
const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr frame keygen basefont bgsound'.split(
    ' ',
  ),
);
/** Elements the HTML tree builder closes by itself when a sibling starts, so they never pile up. */
const SELF_CLOSING_BY_SIBLING = new Set(
  'p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc html head body'.split(
    ' ',
  ),
);
/** Elements whose content is text, not markup: "<div>" inside a script is not an element. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
]);

const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>|<!--[\s\S]*?(?:-->|$)/g;

/**
 * Nesting depth and element count the tree builder would roughly reach: open tags push, a closing
 * tag pops back to its element (as the builder does for misnested tags), and elements that close
 * themselves or hold nothing are not stacked. It errs high only for odd misnesting.
 */
export function htmlShape(html: string, limits: { depth: number; elements: number }) {
  const open: string[] = [];
  let deepest = 0;
  let elements = 0;
  let lower: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name) continue; // a comment
    if (m[1]) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      continue;
    }
    elements++;
    if (elements > limits.elements) break;
    if (RAW_TEXT.has(name)) {
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      if (end < 0) break;
      TAG.lastIndex = end;
      continue;
    }
    if (m[3] || VOID.has(name) || SELF_CLOSING_BY_SIBLING.has(name)) continue;
    open.push(name);
    if (open.length > deepest) {
      deepest = open.length;
      if (deepest > limits.depth) break;
    }
  }
  return { depth: deepest, elements };
}

/**
 * @module A stored sentence as an answer shows it: a Markdown link or image reads as its words (the
 * address stays in the cited quote), and a long sentence is cut with an ellipsis. Report text
 * often carries long link targets that would push what the sentence says past the cut. A list
 * item shows without its marker.
 */

const MARKDOWN_LINK = /!?\[([^\]\n]{1,300})\]\((?:[^()\s]|\([^()\s]*\))+\)/g;

/** A list item's marker ("* ", "- ", "1. "): the answer shows its own bullets. */
const LIST_MARKER = /^\s*(?:[*\-+•]|\d{1,2}[.)])\s+/;

export function shownSentence(sentence: string, max = 400): string {
  const plain = sentence.replace(MARKDOWN_LINK, '$1').replace(LIST_MARKER, '');
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

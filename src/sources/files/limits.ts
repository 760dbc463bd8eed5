/**
 * @module How much one input file may ask of the parser: size aside (INGEST_MAX_BYTES), the shape
 * limits checked before or while parsing, and the time and memory a file's parse may take.
 * Past any of them the file is rejected with the limit it crossed; the batch goes on.
 */

/** Nesting of JSON arrays and objects. STIX and MISP need about ten; 100,000 exhausts the stack. */
export const MAX_JSON_DEPTH = 100;

/** Objects in one STIX bundle (ATT&CK-sized catalogs go through `catalog import` instead). */
export const MAX_STIX_OBJECTS = 10_000;

/** PDF pages: threat reports run to a few hundred; pdf.js keeps every page it has read. */
export const MAX_PDF_PAGES = 1_000;

/**
 * HTML element nesting. The DOM parser's cost grows with the square of the depth (5,000 nested
 * divs take seconds, 40,000 most of a minute); browsers stop nesting at 512.
 */
export const MAX_HTML_DEPTH = 1_000;

/** HTML elements in one page: a long article has a few thousand. */
export const MAX_HTML_ELEMENTS = 300_000;

/** Wall time for parsing one file, in its own worker; past it the worker is stopped. */
export const DEFAULT_PARSE_TIMEOUT_MS = 60_000;

/** Heap for the parsing worker; a file needing more is rejected instead of swelling the process. */
export const DEFAULT_PARSE_MEMORY_MB = 1024;

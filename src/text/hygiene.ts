/**
 * Text from users, made safe to store and to echo back: no lone surrogates
 * (which SQLite would store as invalid UTF-8), and no invisible characters
 * that reorder or hide what is shown.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E,
 * U+2066–U+2069, U+200E, U+200F, U+061C), zero-width and invisible
 * characters (U+200B, U+2060–U+2064, U+FEFF, U+180E, U+00AD), and control
 * characters other than tab and newline. Joiners (U+200C, U+200D) stay: emoji
 * and several scripts need them.
 *
 * @see https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters
 */
/* eslint-disable no-control-regex -- removing control characters is the point */
const INVISIBLE = new RegExp(
  '[\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C\\u200B\\u2060-\\u2064\\uFEFF\\u180E\\u00AD\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]',
  'g',
);
/* eslint-enable no-control-regex */

/**
 * The text with every lone surrogate replaced by U+FFFD, as
 * `String.prototype.toWellFormed` does.
 *
 * @example
 * wellFormed('a\ud800b') // 'a\ufffdb'
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A question as it is stored and echoed: well-formed, without bidi controls
 * or other invisible characters. Visible text is kept as typed.
 *
 * @example
 * cleanUserText('What is \u202Eevil\u202C APEC?') // 'What is evil APEC?'
 */
export function cleanUserText(text: string): string {
  return wellFormed(text).replace(INVISIBLE, '');
}

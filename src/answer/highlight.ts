import { tokens } from '../text/analyze.js';

/** A run of text, marked when it is one of the matched words. */
export interface Segment {
  readonly text: string;
  readonly match: boolean;
}

/**
 * Cuts a text into runs, marking whole-word occurrences of `terms` (as
 * `Citation.terms` lists them), so each renderer can bold them its own way.
 * Joining the runs gives the text back unchanged.
 *
 * @example
 * highlight('Big Data and AI', ['Data'])
 * // [{ text: 'Big ', match: false }, { text: 'Data', match: true }, { text: ' and AI', match: false }]
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const wanted = new Set(terms);
  const out: Segment[] = [];
  let from = 0;
  for (const token of tokens(text)) {
    if (!wanted.has(token.word)) continue;
    if (token.start > from) out.push({ text: text.slice(from, token.start), match: false });
    const last = out.at(-1);
    // Join neighbouring matches separated by a single space into one run.
    if (last !== undefined && last.match === false && last.text === ' ' && out.at(-2)?.match === true) {
      out.pop();
      const prev = out.pop();
      out.push({ text: `${prev?.text ?? ''} ${token.word}`, match: true });
    } else {
      out.push({ text: token.word, match: true });
    }
    from = token.end;
  }
  if (from < text.length) out.push({ text: text.slice(from), match: false });
  return out;
}

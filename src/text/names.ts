import { tokens } from './analyze.js';

/** Words a name can hold between its capitalised words: "Power of Siberia", "Bosnia and Herzegovina". */
export const JOINERS: ReadonlySet<string> = new Set(['of', 'and', 'the', 'for', 'de']);

/**
 * The names a text writes: runs of two or more capitalised words that do not
 * open a sentence, joined by spaces or hyphens, with "of" and "and" allowed
 * inside. Read from the documents (the phrases offered while typing) and from
 * questions (the decision's check that a name is matched whole).
 *
 * @example
 * names('Both sides built the Power of Siberia pipeline.') // ['Power of Siberia']
 * names('Who won the Korean War?')                        // ['Korean War']
 */
export function names(text: string): string[] {
  const out: string[] = [];
  const words = tokens(text);
  let run: Array<{ word: string; start: number; end: number }> = [];
  const flush = (): void => {
    while (run.length > 0 && JOINERS.has(run.at(-1)?.word.toLowerCase() ?? '')) run.pop();
    const first = run[0];
    const last = run.at(-1);
    const capitals = run.filter((t) => /^\p{Lu}/u.test(t.word)).length;
    if (first !== undefined && last !== undefined && capitals >= 2) out.push(text.slice(first.start, last.end));
    run = [];
  };
  for (let i = 0; i < words.length; i++) {
    const token = words[i];
    if (token === undefined) continue;
    const gap = i > 0 ? text.slice(words[i - 1]?.end ?? 0, token.start) : '. ';
    const opensSentence = /[.!?:]\s*$/.test(gap) || i === 0;
    const capital = /^\p{Lu}/u.test(token.word) && !opensSentence;
    const joiner = run.length > 0 && JOINERS.has(token.word.toLowerCase()) && /^\s+$/.test(gap);
    if ((capital && (run.length === 0 || /^[\s\-–]+$/.test(gap))) || joiner) run.push(token);
    else {
      flush();
      if (capital) run.push(token);
    }
  }
  flush();
  return out;
}

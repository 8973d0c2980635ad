/** About how many words a passage may hold before it is split. */
export const MAX_PASSAGE_WORDS = 150;

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
const WORD = /\S+/g;

/**
 * Cuts `source[start, end)` into ranges of at most about `maxWords` words,
 * at sentence boundaries. A sentence longer than the limit is cut between
 * words. Every range is trimmed of surrounding whitespace; together they
 * cover every non-space character of the input exactly once.
 *
 * @example
 * splitPassage('A b. C d.', 0, 9, 2) // [[0, 4], [5, 9]]
 */
export function splitPassage(
  source: string,
  start: number,
  end: number,
  maxWords = MAX_PASSAGE_WORDS,
): Array<[number, number]> {
  const text = source.slice(start, end);
  if (countWords(text) <= maxWords) return [trim(source, start, end)].filter(nonEmpty);

  // Sentence ranges, each cut between words if it is itself too long.
  const pieces: Array<{ start: number; end: number; words: number }> = [];
  for (const { index, segment } of sentences.segment(text)) {
    const words = [...segment.matchAll(WORD)];
    for (let i = 0; i < words.length; i += maxWords) {
      const first = words[i];
      const last = words[Math.min(i + maxWords, words.length) - 1];
      if (first === undefined || last === undefined) continue;
      pieces.push({
        start: start + index + first.index,
        end: start + index + last.index + last[0].length,
        words: Math.min(maxWords, words.length - i),
      });
    }
  }

  // Group sentences greedily into chunks of even size.
  const total = pieces.reduce((sum, p) => sum + p.words, 0);
  const target = Math.ceil(total / Math.ceil(total / maxWords));
  const out: Array<[number, number]> = [];
  let chunk: { start: number; end: number; words: number } | undefined;
  for (const piece of pieces) {
    if (chunk !== undefined && chunk.words + piece.words > Math.max(target, 1) && chunk.words > 0) {
      out.push([chunk.start, chunk.end]);
      chunk = undefined;
    }
    chunk = chunk === undefined ? { ...piece } : { start: chunk.start, end: piece.end, words: chunk.words + piece.words };
  }
  if (chunk !== undefined) out.push([chunk.start, chunk.end]);
  return out;
}

function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function trim(source: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(source[s] ?? '')) s++;
  while (e > s && /\s/.test(source[e - 1] ?? '')) e--;
  return [s, e];
}

function nonEmpty([s, e]: [number, number]): boolean {
  return e > s;
}

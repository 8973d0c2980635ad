import { clip } from '../answer/clip.js';
import type { Segment } from '../answer/highlight.js';

/** How a platform writes text: its escaping, and how it marks a matched run. */
export interface MarkupStyle {
  /** Escapes document or user text for the platform's markup. */
  readonly escape: (text: string) => string;
  /** Marks an already escaped matched run, e.g. `**${text}**`. */
  readonly bold: (text: string) => string;
}

/**
 * Renders highlighted runs (from `highlight()`) in a platform's markup within
 * `max` characters (`escape` must never make text shorter). Lengths are counted in UTF-16 code units, which is never
 * fewer than Discord or Slack count. When the text does not fit, it is cut
 * between runs or at a word (never inside an escape or a bold marker, never
 * inside a surrogate pair) and ends with "…".
 *
 * @example
 * const md = { escape: (t: string) => t.replaceAll('*', '\\*'), bold: (t: string) => `**${t}**` };
 * fitMarkup([{ text: 'Big ', match: false }, { text: 'Data', match: true }], md, 100) // 'Big **Data**'
 */
export function fitMarkup(segments: readonly Segment[], style: MarkupStyle, max: number): string {
  if (max <= 0) return '';
  const render = (s: Segment): string => (s.match ? style.bold(style.escape(s.text)) : style.escape(s.text));
  // Escaping never shortens text, so nothing past max + 1 raw characters can show: don't escape it.
  const bounded: Segment[] = [];
  let budget = max + 1;
  for (const s of segments) {
    if (budget <= 0) break;
    bounded.push(s.text.length > budget ? { text: s.text.slice(0, budget), match: s.match } : s);
    budget -= s.text.length;
  }
  segments = bounded;
  const pieces = segments.map(render);
  const whole = pieces.join('');
  if (whole.length <= max) return whole;
  let out = '';
  for (const [i, segment] of segments.entries()) {
    const piece = pieces[i] ?? '';
    // Keep one character free for the final "…".
    if (out.length + piece.length <= max - 1) {
      out += piece;
      continue;
    }
    const partial = fitRun(segment, render, max - out.length);
    if (partial !== undefined) return out + partial;
    break;
  }
  return `${out.trimEnd()}…`.slice(0, max);
}

/** Plain (unhighlighted) text, escaped, within `max` characters. */
export function fitText(text: string, escape: (text: string) => string, max: number): string {
  return fitMarkup([{ text, match: false }], { escape, bold: (t) => t }, max);
}

/** The longest cut of one run whose rendering fits in `room`, ending with "…"; undefined if none does. */
function fitRun(segment: Segment, render: (s: Segment) => string, room: number): string | undefined {
  let n = Math.min(segment.text.length - 1, room);
  while (n >= 2) {
    const cut = clipWhole(segment.text, n);
    const piece = render({ text: cut, match: segment.match });
    if (piece.length <= room) return piece;
    // Shorter by at least the overflow, and past the word boundary clip() chose.
    n = Math.min(n - Math.max(1, Math.ceil((piece.length - room) / 2)), cut.length - 1);
  }
  return undefined;
}

/** `clip()`, without leaving half of a surrogate pair before the "…". */
function clipWhole(text: string, max: number): string {
  return clip(text, max).replace(/[\uD800-\uDBFF]…$/, '…');
}

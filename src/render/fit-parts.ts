/** A piece of a message that renders itself within `room` characters (it must never return more). */
export type Part = (room: number) => string;

/**
 * Joins the parts of a message within `max` characters. Each part is first
 * measured as if it had the whole room; then the room is shared out fairly
 * (short parts keep their length, the long ones share what is left evenly),
 * and each part is rendered within its share. Empty parts are dropped.
 *
 * @example
 * fitParts([(r) => fitText(title, esc, r), (r) => fitText(body, esc, r)], 4096)
 */
export function fitParts(parts: readonly Part[], max: number, separator = '\n'): string {
  return fitEach(parts, max, separator.length)
    .filter((s) => s !== '')
    .join(separator);
}

/**
 * The parts of a message rendered as `fitParts` shares the room out, one
 * string a part (empty for a part that gets no room), for a platform that
 * puts each part in a block of its own: their lengths, plus `gap` between
 * each two that are not empty, add up to at most `max`.
 *
 * @example
 * fitEach([(r) => fitText(lead, esc, r), (r) => fitText(quote, esc, r)], 3000) // ['…', '…']
 */
export function fitEach(parts: readonly Part[], max: number, gap = 0): string[] {
  const wanted = parts.map((p) => p(max).length);
  const shown = wanted.filter((n) => n > 0).length;
  let left = Math.max(0, max - Math.max(0, shown - 1) * gap);
  const share = new Array<number>(parts.length).fill(0);
  const order = wanted.map((n, i) => [n, i] as const).sort((a, b) => a[0] - b[0]);
  let waiting = order.filter(([n]) => n > 0).length;
  for (const [n, i] of order) {
    if (n === 0) continue;
    share[i] = Math.min(n, Math.floor(left / waiting));
    left -= share[i] ?? 0;
    waiting--;
  }
  return parts.map((p, i) => ((share[i] ?? 0) > 0 ? p(share[i] ?? 0) : ''));
}

/**
 * As many whole lines as fit in `max` characters; when some are left out,
 * the last line says how many (`more(n)`), as long as it fits.
 *
 * @example
 * fitLines(['a', 'b', 'c'], 3, (n) => `+${n}`) // 'a\n+2'
 */
export function fitLines(
  lines: readonly string[],
  max: number,
  more: (left: number) => string,
  separator = '\n',
): string {
  const whole = lines.join(separator);
  if (whole.length <= max) return whole;
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const tail = more(lines.length - i);
    const cost = (kept.length > 0 ? separator.length : 0) + line.length;
    if (used + cost + separator.length + tail.length > max) break;
    kept.push(line);
    used += cost;
  }
  const tail = more(lines.length - kept.length);
  const withTail = [...kept, tail].join(separator);
  return withTail.length <= max ? withTail : kept.join(separator);
}

/**
 * `open + inner + close` within `room`, the inner text rendered in what the
 * tags leave; empty when there is no room for a character inside.
 *
 * @example
 * wrap('<b>', '</b>', 10, (r) => fitText('Hello world', esc, r)) // '<b>Hello…</b>'
 */
export function wrap(open: string, close: string, room: number, inner: Part): string {
  const space = room - open.length - close.length;
  if (space < 1) return '';
  const text = inner(space);
  return text === '' ? '' : `${open}${text}${close}`;
}

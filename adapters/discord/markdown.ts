import type { Segment } from '../../src/answer/highlight.js';
import type { PassageView } from '../../src/message/model.js';
import { fitMarkup, fitText, type MarkupStyle } from '../../src/render/fit-markup.js';
import { wellFormed } from '../../src/text/hygiene.js';

/** URLs and custom emoji: Discord does not format inside them, so they are left as they are. */
const VERBATIM = /https?:\/\/[^\s<>]+|<a?:\w+:\d+>/g;

/**
 * Document or user text made literal for Discord markdown, in linear time:
 * backslashes, `*`, `_`, `~`, `|`, backticks and `[` are escaped everywhere
 * (except inside URLs and custom emoji), and a heading, list or quote marker
 * at the start; half surrogate pairs become U+FFFD. (discord.js's
 * `escapeMarkdown` does much the same, but its italic rule is quadratic:
 * about 3 ms per kilobyte of plain English.)
 *
 * @see https://support.discord.com/hc/en-us/articles/210298617
 * @example
 * escapeDiscord('# a_b *c* https://x.y/a_b') // '\\# a\\_b \\*c\\* https://x.y/a_b'
 */
export function escapeDiscord(text: string): string {
  const clean = wellFormed(text);
  let out = '';
  let from = 0;
  for (const m of clean.matchAll(VERBATIM)) {
    out += escapePlain(clean.slice(from, m.index), from === 0) + m[0];
    from = m.index + m[0].length;
  }
  return out + escapePlain(clean.slice(from), from === 0);
}

function escapePlain(text: string, atStart: boolean): string {
  const escaped = text.replace(/[\\*_~|`[]/g, '\\$&');
  if (!atStart) return escaped;
  return escaped.replace(/^(\s*)(#{1,3}\s|-#\s|[-+]\s|>)/, '$1\\$2').replace(/^(\s*\d+)\.(\s)/, '$1\\.$2');
}

/** Discord markdown: escaped text, matched words in `**bold**`. */
export const DISCORD_MARKUP: MarkupStyle = { escape: escapeDiscord, bold: (t) => `**${t}**` };

/** Text on one line: newlines and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escaped plain text within `max` characters. */
export function fit(text: string, max: number): string {
  return fitText(oneLine(text), escapeDiscord, max);
}

/** Text as it goes into an embed title or a label: not escaped (titles show it literally enough), one line, clipped. */
export function fitRaw(text: string, max: number): string {
  return fitText(oneLine(text), wellFormed, max);
}

/**
 * A passage as a one-line block quote, matched words in bold, within `max`
 * characters; empty when not a word fits.
 *
 * @example
 * quote(highlight('Line one\nline two', ['two']), 100) // '> Line one line **two**'
 */
export function quote(segments: readonly Segment[], max: number): string {
  const flat = segments.map((s) => ({ text: s.text.replace(/\s+/g, ' '), match: s.match }));
  const body = fitMarkup(flat, DISCORD_MARKUP, Math.max(0, max - 2)).trim();
  return body === '' || body === '…' ? '' : `> ${body}`;
}

/** An http(s) URL safe inside a markdown link, or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url.length > 300) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
    return href.length > 300 ? undefined : href;
  } catch {
    return undefined;
  }
}

/** An address as inline code, for copying into /cite. */
export function code(address: string, max: number): string {
  const text = wellFormed(oneLine(address));
  if (text === '' || text.includes('`') || text.length + 2 > max) return fit(text, max);
  return `\`${text}\``;
}

/**
 * Where a passage comes from: `— section · document`, the document a link
 * when it has a url, within `max` characters. In message content, `inline`
 * wraps the url in `<…>` so that Discord shows no preview.
 */
export function attribution(
  citation: Pick<PassageView, 'section' | 'document' | 'url'>,
  max: number,
  inline = false,
): string {
  const url = safeUrl(citation.url);
  const section = fit(citation.section, 100);
  const title = fit(citation.document, 100) || '…';
  const label = title.replace(/[[\]]/g, '\\$&');
  const linked = url === undefined ? title : `[${label}](${inline ? `<${url}>` : url})`;
  const line = section === '' ? `— ${linked}` : `— ${section} · ${linked}`;
  if (line.length <= max) return line;
  return fit(`— ${oneLine(citation.section)} · ${oneLine(citation.document)}`, max);
}

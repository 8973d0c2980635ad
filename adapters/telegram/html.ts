import type { MarkupStyle } from '../../src/render/fit-markup.js';

/** A zero-width space: after an `@`, it keeps `@name` from becoming a mention. */
const BREAK = '\u200B';

/**
 * Text for Telegram's HTML parse mode: `&`, `<`, `>` and `"` escaped, and
 * every `@` followed by a zero-width space, so that echoed text (a question,
 * a passage) never mentions anyone. Never shortens text.
 *
 * @see https://core.telegram.org/bots/api#html-style
 * @example
 * escapeHtml('a <b> & @everyone') // 'a &lt;b&gt; &amp; @\u200Beveryone'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"@]/g, (c) => REPLACE[c] ?? c);
}

const REPLACE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '@': `@${BREAK}` };

/** Undoes the mention break in text read back from a message Telegram delivered (entities already decoded). */
export function unbreak(text: string): string {
  return text.replaceAll(BREAK, '');
}

/** How matched words are marked in Telegram HTML: bold. */
export const TELEGRAM_HTML: MarkupStyle = { escape: escapeHtml, bold: (t) => `<b>${t}</b>` };

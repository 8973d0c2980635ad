/**
 * Draws a Telegram answer, as the real renderer writes it, in the style of
 * Telegram's dark theme: an SVG, and a PNG with `rsvg-convert`, for the docs:
 *
 *     npx tsx scripts/telegram-picture.ts "Is there a military alliance between Russia and China?" docs/telegram-answer.png
 *
 * The message comes from `BotService` over ./knowledge, the message model and
 * `renderTelegram`. The drawing only approximates Telegram: widths are
 * estimated, and only the HTML the renderer emits is drawn.
 */
import { renderTelegram, type TelegramMessage } from '../adapters/telegram/render.js';
import { PICTURE_QUESTION, pictureAnswer, thumbIcon, writePicture } from './picture.js';

const W = 640;
const BUBBLE = 520;
const C = { bg: '#0e1621', bubble: '#182533', text: '#f5f5f5', muted: '#6d7f8f', link: '#6ab3f3', button: '#2b3c4e' };
const FONT = "'DejaVu Sans', sans-serif";

/** A run of text with the HTML styles around it. */
interface Run {
  readonly text: string;
  readonly tags: ReadonlySet<string>;
}

const xml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const decode = (t: string): string =>
  t.replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e] ?? '');

/** Telegram HTML as lines of runs; a line inside `<blockquote>` is marked quoted. */
function parseHtml(html: string): Array<{ runs: Run[]; quoted: boolean }> {
  const lines: Array<{ runs: Run[]; quoted: boolean }> = [{ runs: [], quoted: false }];
  const open = new Set<string>();
  for (const m of html.matchAll(/<(\/?)([a-z-]+)[^>]*>|[^<]+/g)) {
    if (m[2] !== undefined) {
      if (m[1] === '/') open.delete(m[2]);
      else open.add(m[2]);
      continue;
    }
    m[0].split('\n').forEach((piece, i) => {
      if (i > 0) lines.push({ runs: [], quoted: open.has('blockquote') });
      const line = lines.at(-1);
      if (line === undefined) return;
      line.quoted ||= open.has('blockquote');
      line.runs.push({ text: decode(piece).replaceAll('\u200B', ''), tags: new Set(open) });
    });
  }
  return lines;
}

/** Estimated advance of text in DejaVu Sans, in pixels. */
function advance(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[il.,'|!:;]/.test(ch) ? 0.3 : /[mwMW—]/.test(ch) ? 0.9 : /[A-Z]/.test(ch) ? 0.7 : 0.58;
  return em * size;
}

/** The lines of the message laid out within `max` pixels, as SVG, and the height they take. */
function drawText(html: string, x: number, y: number, max: number, size: number): [string, number] {
  let svg = '';
  let h = 0;
  const lh = size * 1.4;
  for (const { runs, quoted } of parseHtml(html)) {
    const indent = quoted ? 12 : 0;
    const rows: Run[][] = [[]];
    let at = 0;
    for (const run of runs)
      for (const word of run.text.split(/(?<= )/)) {
        const w = advance(word, size);
        if (at + w > max - indent && at > 0) {
          rows.push([]);
          at = 0;
        }
        rows.at(-1)?.push({ text: at === 0 ? word.trimStart() : word, tags: run.tags });
        at += w;
      }
    if (quoted) svg += `<rect x="${x}" y="${y + h + 3}" width="3" height="${rows.length * lh}" fill="${C.link}"/>`;
    for (const row of rows) {
      h += lh;
      const spans = row.map((r) => {
        const bold = r.tags.has('b') ? ' font-weight="700"' : '';
        const italic = r.tags.has('i') ? ` font-style="italic" fill="${C.muted}"` : '';
        const code = r.tags.has('code') ? ` font-family="'DejaVu Sans Mono', monospace" fill="${C.link}"` : '';
        const link = r.tags.has('a') ? ` fill="${C.link}"` : '';
        // No font here draws ❓: it is a red "?".
        const body = xml(r.text).replace('❓', '<tspan fill="#e0474c" font-weight="700">?</tspan>');
        return `<tspan${bold}${italic}${code}${link}>${body}</tspan>`;
      });
      svg += `<text x="${x + indent}" y="${y + h - size * 0.35}" font-size="${size}" fill="${C.text}">${spans.join('')}</text>`;
    }
  }
  return [svg, h];
}

/** An SVG picture of a Telegram message: the bubble, then its inline keyboard. */
export function telegramSvg(message: TelegramMessage): string {
  const left = 60;
  const [text, h] = drawText(message.text, left + 14, 24, BUBBLE - 28, 14);
  let svg = `<circle cx="30" cy="${h + 20}" r="18" fill="#3e8ed0"/><text x="30" y="${h + 26}" font-size="16" font-weight="700" fill="#fff" text-anchor="middle">?</text>`;
  svg += `<rect x="${left}" y="12" width="${BUBBLE}" height="${h + 24}" rx="12" fill="${C.bubble}"/>${text}`;
  let y = h + 42;
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    const bw = (BUBBLE - 6 * (row.length - 1)) / row.length;
    row.forEach((b, i) => {
      const x = left + i * (bw + 6);
      svg += `<rect x="${x}" y="${y}" width="${bw}" height="34" rx="8" fill="${C.button}"/>`;
      svg +=
        thumbIcon(b.text, x + bw / 2, y + 8) ??
        `<text x="${x + bw / 2}" y="${y + 22}" font-size="13" fill="#fff" text-anchor="middle">${xml(b.text)}</text>`;
    });
    y += 40;
  }
  const height = Math.ceil(y + 8);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" xml:space="preserve" font-family="${FONT}"><rect width="100%" height="100%" fill="${C.bg}"/>${svg}</svg>\n`;
}

async function main(args: string[]): Promise<void> {
  const [question = PICTURE_QUESTION, out = 'docs/telegram-answer.png'] = args;
  const message = await pictureAnswer('telegram', '1', question);
  writePicture(telegramSvg(renderTelegram(message)), 'telegram-answer', out);
}

await main(process.argv.slice(2));

/**
 * Draws a Slack answer, as the real renderer writes it, in the style of Slack's
 * light theme: an SVG, and a PNG with `rsvg-convert`, for the README:
 *
 *     npx tsx scripts/slack-picture.ts "Is there a military alliance between Russia and China?" docs/slack-answer.png
 *
 * The message comes from `BotService` over ./knowledge, the message model and
 * `renderSlack`, with the view `/ask` replies with (the question, and Share):
 * the ephemeral answer only the asker sees. The drawing only approximates
 * Slack: widths are estimated, and it draws what the bot sends (section,
 * context and actions blocks, button accessories, and the mrkdwn the renderer
 * writes: `*bold*`, `_italic_`, `` `code` ``, `> quote`, `<url|label>`,
 * `<@U…>` and the escapes). Lato, if installed, makes it closer to Slack.
 */
import type { SlackBlock, SlackButton, SlackMessage } from '../adapters/slack/blocks.js';
import { renderSlack } from '../adapters/slack/render.js';
import { LATO_SCALE, PICTURE_QUESTION, pictureAnswer, thumbIcon, writePicture } from './picture.js';

type Style = 'plain' | 'bold' | 'italic' | 'code' | 'link' | 'mention';
interface Run {
  text: string;
  style: Style;
}

const WIDTH = 760;
const LEFT = 72;
const RIGHT = 24;
const FONT = "Lato, 'DejaVu Sans', sans-serif";
const NAMES: Record<string, string> = { U0ASKER: 'tester' };

const decode = (t: string): string => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const xml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits one line of mrkdwn into styled runs. */
function parse(line: string): Run[] {
  const runs: Run[] = [];
  const token = /\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`|<(https?:[^|>]+)\|([^>]+)>|<@([A-Z0-9]+)>/g;
  let at = 0;
  for (const m of line.matchAll(token)) {
    if (m.index > at) runs.push({ text: decode(line.slice(at, m.index)), style: 'plain' });
    if (m[1] !== undefined) runs.push({ text: decode(m[1]), style: 'bold' });
    else if (m[2] !== undefined) runs.push({ text: decode(m[2]), style: 'italic' });
    else if (m[3] !== undefined) runs.push({ text: decode(m[3]), style: 'code' });
    else if (m[5] !== undefined) runs.push({ text: decode(m[5]), style: 'link' });
    else runs.push({ text: `@${NAMES[m[6] ?? ''] ?? m[6] ?? ''}`, style: 'mention' });
    at = m.index + m[0].length;
  }
  if (at < line.length) runs.push({ text: decode(line.slice(at)), style: 'plain' });
  return runs;
}

/** Lato's advance widths, roughly, in em. */
function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[ijlI.,:;'!|]/.test(ch)) em += 0.24;
    else if (/[ftr()\-–\s]/.test(ch)) em += 0.34;
    else if (/[mwMW]/.test(ch)) em += 0.82;
    else if (/[A-Z]/.test(ch)) em += 0.64;
    else if (/[0-9§]/.test(ch)) em += 0.56;
    else if (/[\u{1F300}-\u{1FAFF}]/u.test(ch)) em += 1.2;
    else em += 0.5;
  }
  return em * size * (bold ? 1.05 : 1) * LATO_SCALE;
}

/** Word-wraps runs into lines no wider than `max`. */
function wrap(runs: Run[], size: number, max: number): Run[][] {
  const lines: Run[][] = [[]];
  let width = 0;
  for (const run of runs) {
    for (const word of run.text.split(/(?<= )/)) {
      const w = textWidth(word, size, run.style === 'bold');
      if (width + w > max && width > 0) {
        lines.push([]);
        width = 0;
      }
      const line = lines[lines.length - 1] ?? [];
      const last = line[line.length - 1];
      if (last?.style === run.style) last.text += word;
      else line.push({ text: width === 0 ? word.trimStart() : word, style: run.style });
      width += w;
    }
  }
  return lines;
}

function tspan(run: Run): string {
  const attrs: Record<Style, string> = {
    plain: '',
    bold: ' font-weight="700"',
    italic: ' font-style="italic"',
    code: ` font-family="'DejaVu Sans Mono', monospace" fill="#e01e5a"`,
    link: ' fill="#1264a3"',
    mention: ' fill="#1264a3" font-weight="700"',
  };
  // No font here draws ❓: it is a red question mark, as in Slack.
  const text = xml(run.text).replaceAll('❓', '<tspan fill="#dd2e44" font-weight="900">?</tspan>');
  return `<tspan${attrs[run.style]}>${text}</tspan>`;
}

/** Draws mrkdwn text from (x, y); returns the SVG and the height used. */
function drawText(text: string, x: number, y: number, max: number, size: number, color: string) {
  const lineHeight = Math.round(size * 1.47);
  let svg = '';
  let h = 0;
  for (const raw of text.split('\n')) {
    const quote = raw.startsWith('>');
    const body = quote ? raw.replace(/^> ?/, '') : raw;
    const lines = wrap(parse(body), size, max - (quote ? 16 : 0));
    const top = y + h;
    for (const line of lines) {
      h += lineHeight;
      svg += `<text x="${x + (quote ? 16 : 0)}" y="${y + h - lineHeight * 0.3}" font-size="${size}" fill="${color}" xml:space="preserve">${line.map(tspan).join('')}</text>`;
    }
    if (quote) svg += `<rect x="${x}" y="${top + 2}" width="4" height="${h - (top - y) - 4}" rx="2" fill="#dddddd"/>`;
  }
  return { svg, height: h };
}

function drawButton(button: SlackButton, x: number, y: number): { svg: string; width: number } {
  const label = button.text.text;
  const icon = thumbIcon(label, 0, 0) !== undefined;
  const width = icon ? 44 : Math.round(textWidth(label, 13, true) + 28);
  const primary = button.style === 'primary';
  const fill = primary ? '#007a5a' : '#ffffff';
  const stroke = primary ? '#007a5a' : '#c8c8c8';
  const color = primary ? '#ffffff' : '#1d1c1d';
  const face =
    thumbIcon(label, x + width / 2, y + 5, '#e8a33d') ??
    `<text x="${x + width / 2}" y="${y + 19}" font-size="13" font-weight="700" text-anchor="middle" fill="${color}">${xml(label)}</text>`;
  return {
    width,
    svg: `<rect x="${x}" y="${y}" width="${width}" height="28" rx="4" fill="${fill}" stroke="${stroke}"/>${face}`,
  };
}

function drawBlocks(blocks: readonly SlackBlock[], top: number): { svg: string; height: number } {
  const max = WIDTH - LEFT - RIGHT;
  let svg = '';
  let y = top;
  for (const block of blocks) {
    if (block.type === 'section') {
      const room = block.accessory === undefined ? max : max - 150;
      const text = drawText(block.text.text, LEFT, y, room, 15, '#1d1c1d');
      svg += text.svg;
      if (block.accessory !== undefined) {
        const b = drawButton(block.accessory, 0, 0);
        svg += drawButton(block.accessory, WIDTH - RIGHT - b.width, y + 2).svg;
      }
      y += Math.max(text.height, 32) + 6;
    } else if (block.type === 'context') {
      for (const e of block.elements) {
        const text = drawText(e.text, LEFT, y, max, 12.5, '#616061');
        svg += text.svg;
        y += text.height + 6;
      }
    } else if (block.type === 'actions') {
      let x = LEFT;
      y += 4;
      for (const e of block.elements) {
        const b = drawButton(e, x, y);
        svg += b.svg;
        x += b.width + 8;
      }
      y += 40;
    }
  }
  return { svg, height: y - top };
}

function avatar(x: number, y: number, fill: string, label: string): string {
  return (
    `<rect x="${x}" y="${y}" width="36" height="36" rx="6" fill="${fill}"/>` +
    `<text x="${x + 18}" y="${y + 24}" font-size="14" font-weight="700" fill="#fff" text-anchor="middle">${xml(label)}</text>`
  );
}

/** The bot's name, the APP badge and the time. */
function header(y: number, name: string, time: string): string {
  const nameWidth = textWidth(name, 15, true);
  return (
    `<text x="${LEFT}" y="${y + 15}" font-size="15" font-weight="700" fill="#1d1c1d">${xml(name)}</text>` +
    `<rect x="${LEFT + nameWidth + 8}" y="${y + 3}" width="30" height="15" rx="3" fill="#e8e8e8"/>` +
    `<text x="${LEFT + nameWidth + 23}" y="${y + 14}" font-size="10" font-weight="700" fill="#616061" text-anchor="middle">APP</text>` +
    `<text x="${LEFT + nameWidth + 46}" y="${y + 15}" font-size="12" fill="#616061">${time}</text>`
  );
}

/** The whole picture: a channel, and in it the bot's answer to `/ask` that only the asker sees. */
export function drawAnswer(message: SlackMessage): string {
  let svg = '';
  svg += `<rect width="${WIDTH}" height="56" fill="#ffffff"/><line x1="0" y1="56" x2="${WIDTH}" y2="56" stroke="#e2e2e2"/>`;
  svg += `<text x="24" y="34" font-size="17" font-weight="900" fill="#1d1c1d"># general</text>`;
  let y = 76;
  // Slack marks an ephemeral message with an eye and "Only visible to you" above it.
  svg += `<g transform="translate(${LEFT - 2} ${y - 2})" fill="none" stroke="#616061" stroke-width="1.4"><path d="M1 7 Q8 0 15 7 Q8 14 1 7 Z"/><circle cx="8" cy="7" r="2.2" fill="#616061"/></g>`;
  svg += `<text x="${LEFT + 20}" y="${y + 9}" font-size="12.5" fill="#616061">Only visible to you</text>`;
  y += 22;
  svg += avatar(24, y, '#4a154b', 'Q') + header(y - 2, 'Q&A Bot', '10:41 AM');
  const body = drawBlocks(message.blocks, y + 22);
  svg += body.svg;
  const height = Math.ceil(y + 22 + body.height + 12);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">` +
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>${svg}</svg>\n`
  );
}

async function main(args: string[]): Promise<void> {
  const [question = PICTURE_QUESTION, out = 'docs/slack-answer.png'] = args;
  const message = await pictureAnswer('slack', 'U0ASKER', question);
  writePicture(drawAnswer(renderSlack(message, { share: true, question: 'plain' })), 'slack-answer', out);
}

if (process.argv[1]?.endsWith('slack-picture.ts')) await main(process.argv.slice(2));

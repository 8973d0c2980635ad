/**
 * Draws the Block Kit message captured by the Socket Mode test (tests/adapters/slack/__snapshots__/answer-message.json)
 * as a mock of Slack's thread view, for the README: an SVG, turned into docs/slack-answer.png by rsvg-convert
 * (`apt-get install librsvg2-bin`; Lato and Noto Color Emoji fonts make it closer to Slack).
 *
 *   npx tsx tests/adapters/slack/draw-message.ts [captured.json] [out.png]
 *
 * It understands what the bot sends: section, context and actions blocks, button accessories, and the mrkdwn the
 * renderer writes (`*bold*`, `_italic_`, `` `code` ``, `> quote`, `<url|label>`, `<@U…>`, and the escapes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Button {
  text: { text: string };
  style?: string;
}
interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ text: string } | Button>;
  accessory?: Button;
}
interface Captured {
  mention: string;
  text: string;
  blocks: Block[];
}

type Style = 'plain' | 'bold' | 'italic' | 'code' | 'link' | 'mention';
interface Run {
  text: string;
  style: Style;
}

const WIDTH = 760;
const LEFT = 72;
const RIGHT = 24;
const FONT = "Lato, 'DejaVu Sans', sans-serif";
const EMOJI = "'Noto Color Emoji', Lato, sans-serif";
const NAMES: Record<string, string> = { U0FAKEBOT: 'Q&A Bot', U0FAKEUSER: 'tester' };

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
  return em * size * (bold ? 1.05 : 1);
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
  return `<tspan${attrs[run.style]}>${xml(run.text)}</tspan>`;
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

function drawButton(button: Button, x: number, y: number): { svg: string; width: number } {
  const label = button.text.text;
  const emoji = /[\u{1F300}-\u{1FAFF}]/u.test(label);
  const width = Math.round(textWidth(label, 13, true) + 28);
  const primary = button.style === 'primary';
  const fill = primary ? '#007a5a' : '#ffffff';
  const stroke = primary ? '#007a5a' : '#c8c8c8';
  const color = primary ? '#ffffff' : '#1d1c1d';
  return {
    width,
    svg:
      `<rect x="${x}" y="${y}" width="${width}" height="28" rx="4" fill="${fill}" stroke="${stroke}"/>` +
      `<text x="${x + width / 2}" y="${y + 19}" font-size="13" font-weight="700" text-anchor="middle" fill="${color}"` +
      `${emoji ? ` font-family="${EMOJI}"` : ''}>${xml(label)}</text>`,
  };
}

function drawBlocks(blocks: Block[], top: number): { svg: string; height: number } {
  const max = WIDTH - LEFT - RIGHT;
  let svg = '';
  let y = top;
  for (const block of blocks) {
    if (block.type === 'section' && block.text !== undefined) {
      const room = block.accessory === undefined ? max : max - 130;
      const text = drawText(block.text.text, LEFT, y, room, 15, '#1d1c1d');
      svg += text.svg;
      if (block.accessory !== undefined) svg += drawButton(block.accessory, LEFT + room + 14, y + 2).svg;
      y += Math.max(text.height, 32) + 6;
    } else if (block.type === 'context') {
      for (const e of block.elements ?? []) {
        const text = drawText((e as { text: string }).text, LEFT, y, max, 12.5, '#616061');
        svg += text.svg;
        y += text.height + 6;
      }
    } else if (block.type === 'actions') {
      let x = LEFT;
      y += 4;
      for (const e of block.elements ?? []) {
        const b = drawButton(e as Button, x, y);
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

function header(y: number, name: string, time: string, app: boolean): string {
  const nameWidth = textWidth(name, 15, true);
  const badge = app
    ? `<rect x="${LEFT + nameWidth + 8}" y="${y + 3}" width="30" height="15" rx="3" fill="#e8e8e8"/>` +
      `<text x="${LEFT + nameWidth + 23}" y="${y + 14}" font-size="10" font-weight="700" fill="#616061" text-anchor="middle">APP</text>`
    : '';
  const timeX = LEFT + nameWidth + (app ? 46 : 8);
  return (
    `<text x="${LEFT}" y="${y + 15}" font-size="15" font-weight="700" fill="#1d1c1d">${xml(name)}</text>${badge}` +
    `<text x="${timeX}" y="${y + 15}" font-size="12" fill="#616061">${time}</text>`
  );
}

/** The whole picture: a thread with the question, then the bot's answer. */
export function drawThread(captured: Captured): string {
  let svg = '';
  let y = 0;
  svg += `<rect width="${WIDTH}" height="56" fill="#ffffff"/><line x1="0" y1="56" x2="${WIDTH}" y2="56" stroke="#e2e2e2"/>`;
  svg += `<text x="24" y="34" font-size="17" font-weight="900" fill="#1d1c1d">Thread</text>`;
  svg += `<text x="94" y="34" font-size="14" fill="#616061"># general</text>`;
  y = 76;
  svg += avatar(24, y, '#e8912d', 'T') + header(y - 2, 'tester', '10:41 AM', false);
  const question = drawText(captured.mention, LEFT, y + 20, WIDTH - LEFT - RIGHT, 15, '#1d1c1d');
  svg += question.svg;
  y += 20 + question.height + 18;
  svg += `<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#e2e2e2"/>`;
  svg += `<text x="${LEFT + 8}" y="${y + 4}" font-size="12" fill="#616061" paint-order="stroke" stroke="#fff" stroke-width="6">1 reply</text>`;
  y += 24;
  svg += avatar(24, y, '#4a154b', 'Q') + header(y - 2, 'Q&A Bot', '10:41 AM', true);
  const body = drawBlocks(captured.blocks, y + 22);
  svg += body.svg;
  const height = Math.ceil(y + 22 + body.height + 16);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">` +
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>${svg}</svg>\n`
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const input = process.argv[2] ?? 'tests/adapters/slack/__snapshots__/answer-message.json';
  const output = process.argv[3] ?? 'docs/slack-answer.png';
  const svg = drawThread(JSON.parse(readFileSync(input, 'utf8')) as Captured);
  const dir = mkdtempSync(join(tmpdir(), 'slack-draw-'));
  try {
    const file = join(dir, 'answer.svg');
    writeFileSync(file, svg);
    execFileSync('rsvg-convert', ['--zoom', '1.5', '--output', output, file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`wrote ${output}`);
}

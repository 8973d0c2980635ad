/**
 * Draws a rendered Discord message as an SVG mock of Discord's dark theme,
 * and a PNG with `rsvg-convert`, for the README picture:
 *
 *     npx tsx scripts/discord-picture.ts "Is there a military alliance between Russia and China?" docs/discord-answer.png
 *
 * The message is made by the real interaction handler over ./knowledge
 * (`--knowledge DIR` to change it). The drawing only approximates Discord:
 * widths are estimated, and only the markdown the renderer emits is drawn.
 */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { pino } from 'pino';
import { BotService } from '../src/bot-service.js';
import { Gate } from '../src/gate.js';
import { openKnowledge } from '../src/open-knowledge.js';
import { createInteractionHandler } from '../adapters/discord/interactions.js';
import type { DiscordMessage } from '../adapters/discord/message.js';
import { LATO_SCALE, PICTURE_QUESTION, thumbIcon, writePicture } from './picture.js';

const W = 820;
const FONT = "Lato, 'DejaVu Sans', sans-serif";
const C = {
  bg: '#313338',
  embed: '#2b2d31',
  text: '#dbdee1',
  muted: '#949ba4',
  white: '#f2f3f5',
  link: '#00a8fc',
  bar: '#4e5058',
};

interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: boolean;
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Rough Lato advance widths, in em. */
function width(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[il.,'|!:;`]/.test(ch)) em += 0.26;
    else if (/[mwMW—]/.test(ch)) em += 0.85;
    else if (/[A-Z]/.test(ch)) em += 0.65;
    else if (/[\u{1F300}-\u{1FAFF}]/u.test(ch)) em += 1.2;
    else if (ch === ' ') em += 0.26;
    else em += 0.52;
  }
  return em * size * (bold ? 1.06 : 1) * LATO_SCALE;
}

/** The markdown subset the renderer emits: escapes, **bold**, *italic*, `code`, [links](url). */
function parse(markdown: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  const re = /\\([^])|\*\*|\*|`([^`]*)`|\[((?:\\.|[^\]])*)\]\([^)]*\)|[^\\*`[]+|[^]/g;
  for (const m of markdown.matchAll(re)) {
    if (m[1] !== undefined) runs.push({ text: m[1], bold, italic });
    else if (m[0] === '**') bold = !bold;
    else if (m[0] === '*') italic = !italic;
    else if (m[2] !== undefined) runs.push({ text: m[2], code: true });
    else if (m[3] !== undefined) runs.push({ text: m[3].replace(/\\(.)/g, '$1'), link: true, bold, italic });
    else runs.push({ text: m[0], bold, italic });
  }
  return runs;
}

/** Word-wraps runs into lines no wider than `max` pixels. */
function wrap(runs: Run[], size: number, max: number): Run[][] {
  const lines: Run[][] = [[]];
  let x = 0;
  for (const run of runs)
    for (const word of run.text.split(/(?<= )/)) {
      const w = width(word, size, run.bold);
      if (x + w > max && x > 0) {
        lines.push([]);
        x = 0;
      }
      lines.at(-1)?.push({ ...run, text: word });
      x += w;
    }
  return lines;
}

function tspans(line: Run[]): string {
  return line
    .map((r) => {
      const style = [
        r.bold ? 'font-weight="700"' : '',
        r.italic ? 'font-style="italic"' : '',
        r.link ? `fill="${C.link}"` : '',
        r.code ? `font-family="'DejaVu Sans Mono', monospace" font-size="0.88em"` : '',
      ].join(' ');
      return `<tspan ${style}>${esc(r.text)}</tspan>`;
    })
    .join('');
}

/** Draws paragraphs (quotes get a bar); returns the SVG and the height used. */
function block(markdown: string, x: number, y: number, max: number, size: number, fill: string): [string, number] {
  let out = '';
  let h = 0;
  const lh = size * 1.35;
  for (const para of markdown.split('\n')) {
    const quoted = para.startsWith('> ');
    const indent = quoted ? 14 : 0;
    const lines = wrap(parse(quoted ? para.slice(2) : para), size, max - indent);
    if (quoted)
      out += `<rect x="${x}" y="${y + h + 2}" width="4" height="${lines.length * lh}" rx="2" fill="${C.bar}"/>`;
    for (const line of lines) {
      h += lh;
      out += `<text x="${x + indent}" y="${y + h - size * 0.3}" font-size="${size}" fill="${fill}">${tspans(line)}</text>`;
    }
  }
  return [out, h];
}

/** An SVG picture of a Discord message with one embed and button rows. */
export function previewSvg(message: DiscordMessage, options: { botName: string; command: string }): string {
  let body = '';
  let y = 20;
  const left = 76;
  body += `<text x="${left}" y="${y + 10}" font-size="13" fill="${C.muted}">╭ used ${esc(options.command)}</text>`;
  y += 26;
  body += `<circle cx="40" cy="${y + 20}" r="20" fill="#5865f2"/><text x="40" y="${y + 27}" font-size="18" text-anchor="middle" fill="#fff" font-weight="700">?</text>`;
  body += `<text x="${left}" y="${y + 15}" font-size="16" font-weight="700" fill="${C.white}">${esc(options.botName)}</text>`;
  const nameW = width(options.botName, 16, true);
  body += `<rect x="${left + nameW + 8}" y="${y + 2}" width="32" height="16" rx="3" fill="#5865f2"/><text x="${left + nameW + 24}" y="${y + 14}" font-size="10" font-weight="700" fill="#fff" text-anchor="middle">APP</text>`;
  body += `<text x="${left + nameW + 48}" y="${y + 15}" font-size="12" fill="${C.muted}">Today at 12:00</text>`;
  y += 28;
  for (const embed of message.embeds ?? []) {
    const top = y;
    const ex = left + 16;
    const ew = 560;
    let inner = '';
    let h = 12;
    const add = ([svg, used]: [string, number], gap: number): void => {
      inner += svg;
      h += used + gap;
    };
    if (embed.title !== undefined)
      add(block(`**${embed.title.replace(/[\\*`[]/g, '\\$&')}**`, ex, y + h, ew, 16, C.white), 8);
    if (embed.description !== undefined) add(block(embed.description, ex, y + h, ew, 15, C.text), 10);
    for (const field of embed.fields ?? []) {
      add(block(`**${field.name}**`, ex, y + h, ew, 14, C.white), 2);
      add(block(field.value, ex, y + h, ew, 15, C.text), 10);
    }
    if (embed.footer !== undefined) add(block(embed.footer.text, ex, y + h, ew, 12, C.muted), 4);
    body += `<rect x="${left}" y="${top}" width="${ew + 32}" height="${h + 6}" rx="4" fill="${C.embed}"/>`;
    body += `<rect x="${left}" y="${top}" width="4" height="${h + 6}" rx="2" fill="#5865f2"/>${inner}`;
    y += h + 18;
  }
  for (const row of message.components ?? []) {
    let x = left;
    for (const b of row.components) {
      const label = b.label ?? '';
      const bw = Math.max(40, width(label, 14, true) + 28);
      const fill = b.style === 1 ? '#5865f2' : '#4e5058';
      body += `<g opacity="${b.disabled === true ? 0.5 : 1}"><rect x="${x}" y="${y}" width="${bw}" height="32" rx="4" fill="${fill}"/>`;
      body +=
        thumbIcon(label, x + bw / 2, y + 7) ??
        `<text x="${x + bw / 2}" y="${y + 21}" font-size="14" font-weight="600" fill="#fff" text-anchor="middle">${esc(label)}</text>`;
      body += '</g>';
      x += bw + 8;
    }
    y += 40;
  }
  if (((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) {
    body += `<text x="${left}" y="${y + 12}" font-size="12" fill="${C.muted}">Only you can see this • <tspan fill="${C.link}">Dismiss message</tspan></text>`;
    y += 24;
  }
  const height = Math.ceil(y + 12);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" xml:space="preserve" font-family="${FONT}"><rect width="100%" height="100%" fill="${C.bg}"/>${body}</svg>\n`;
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--knowledge');
  const dir = at >= 0 ? (args.splice(at, 2)[1] ?? 'knowledge') : 'knowledge';
  const [question = PICTURE_QUESTION, out = 'docs/discord-answer.png'] = args;
  const { answerer } = await openKnowledge(dir);
  const service = new BotService({ answerer: () => answerer, gate: new Gate({ questions: 10, windowSeconds: 60 }) });
  const handler = createInteractionHandler({ service, logger: pino({ level: 'silent' }), perPage: 2 });
  const { response } = await handler({
    id: '1',
    token: 'preview',
    kind: 'command',
    canPostPublicly: true,
    name: 'ask',
    options: { question },
    userId: '1',
  });
  if (response.type !== InteractionResponseType.ChannelMessageWithSource)
    throw new Error('preview: the handler did not answer with a message');
  writePicture(previewSvg(response.data, { botName: 'Answers', command: '/ask' }), 'discord-answer', out);
}

if (process.argv[1]?.endsWith('discord-picture.ts')) await main(process.argv.slice(2));

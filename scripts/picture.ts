/**
 * What the picture scripts (scripts/discord-picture.ts, slack-picture.ts,
 * telegram-picture.ts) share: the thumb icon librsvg needs in place of 👍 and
 * 👎, and turning an SVG into the PNG with `rsvg-convert` (from `librsvg2-bin`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotService } from '../src/bot-service.js';
import { answerMessage } from '../src/message/build.js';
import type { Message } from '../src/message/model.js';
import { openKnowledge } from '../src/open-knowledge.js';

/** The question every picture answers, so that the three show the same words. */
export const PICTURE_QUESTION = 'Is there a military alliance between Russia and China?';

/** Whether fontconfig has `family` itself, not a stand-in. */
function hasFont(family: string): boolean {
  try {
    return execFileSync('fc-match', ['-f', '%{family}', family], { encoding: 'utf8' }).split(',').includes(family);
  } catch {
    return false;
  }
}

/**
 * How much wider text comes out than the Lato widths the Discord and Slack
 * pictures estimate: 1 with Lato installed (`fonts-lato`), else about
 * DejaVu Sans's, which librsvg falls back to.
 */
export const LATO_SCALE = hasFont('Lato') ? 1 : 1.2;

/** librsvg draws no colour emoji, so 👍 and 👎 are drawn as icons (Material Icons "thumb_up", Apache-2.0). */
const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

/** The icon for a 👍 or 👎 label, 18 px wide, centred on `cx`, its top at `top`; undefined for any other label. */
export function thumbIcon(label: string, cx: number, top: number, fill = '#ffcc4d'): string | undefined {
  if (label !== '👍' && label !== '👎') return undefined;
  const flip = label === '👎' ? ' rotate(180 12 12)' : '';
  return `<path transform="translate(${cx - 9} ${top}) scale(0.75)${flip}" d="${THUMB}" fill="${fill}"/>`;
}

/** Writes the SVG to the temporary folder and the PNG, at 1.5×, to `out`; says where. */
export function writePicture(svg: string, name: string, out: string): void {
  const svgPath = join(tmpdir(), `${name}.svg`);
  writeFileSync(svgPath, svg);
  execFileSync('rsvg-convert', ['--zoom', '1.5', '-o', out, svgPath]);
  process.stdout.write(`Wrote ${svgPath} and ${out}\n`);
}

/** The first page (two passages) of the answer to `question` from ./knowledge, as the message model a renderer takes. */
export async function pictureAnswer(platform: string, userId: string, question: string): Promise<Message> {
  const { answerer } = await openKnowledge('knowledge');
  const reply = await new BotService({ answerer: () => answerer }).ask({
    asker: { platform, userId },
    question,
    perPage: 2,
  });
  if (reply.kind !== 'answer') throw new Error(`${platform} picture: ${reply.message}`);
  return answerMessage(reply.answer, 'preview');
}

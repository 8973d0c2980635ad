import { fitText } from '../../src/render/fit-markup.js';
import { fitEach, type Part } from '../../src/render/fit-parts.js';
import { LIMITS, context, nonBlank, section, type SlackBlock, type SlackButton, type SlackMessage } from './blocks.js';
import { escapeInline } from './mrkdwn.js';

/** Characters of a message's `text`, the notification fallback. */
export const FALLBACK_CHARS = 300;

/**
 * One block of text to be: a section (with at most a button beside it) or a
 * context line, its text rendered by `part` within what it is given. A
 * `split` section may run longer than one section holds: it becomes as many
 * sections as its lines need.
 */
export interface Slot {
  readonly kind: 'section' | 'context';
  readonly part: Part;
  readonly accessory?: SlackButton | undefined;
  readonly split?: boolean;
}

/** Text from users or documents, escaped, within the room it is given. */
export const plain =
  (text: string): Part =>
  (room) =>
    fitText(text, escapeInline, room);

/** Room kept for the extra sections a `split` slot may become. */
const SPLIT_RESERVE = 4 * JSON.stringify(section('')).length;

/**
 * Lays slots out as Block Kit within Slack's limits, with the fixed blocks
 * `tail` (a row of buttons) after them. The blocks' structure and `tail` are
 * measured first; the characters left are shared among the slots by the
 * shared fitting code (`fitEach`), each slot held to a section's 3,000. As
 * their text is escaped inline (`escapeInline`), each character costs at
 * most two in the JSON, so the whole message keeps under `LIMITS.message`.
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks
 * @example
 * layout([{ kind: 'section', part: plain('Hello <world>') }], [], plain('Hello')) // one section
 */
export function layout(slots: readonly Slot[], tail: readonly SlackBlock[], fallback: Part): SlackMessage {
  const skeleton = [...slots.map((s) => block(s, '')), ...tail];
  const reserve = slots.some((s) => s.split === true) ? SPLIT_RESERVE : 0;
  const fixed = JSON.stringify(skeleton).length + reserve + FALLBACK_CHARS;
  const room = Math.max(0, Math.floor((LIMITS.message - fixed) / 2));
  const texts = fitEach(
    slots.map((s) => (r: number) => s.part(s.split === true ? r : Math.min(r, LIMITS.sectionText))),
    room,
  );
  const blocks: SlackBlock[] = slots.flatMap((s, i) => {
    const text = texts[i] ?? '';
    if (text === '') return [];
    return s.split === true ? chunks(text).map((c) => section(c)) : [block(s, text)];
  });
  blocks.push(...tail);
  if (blocks.length === 0) blocks.push(section('…'));
  return { text: nonBlank(fallback(FALLBACK_CHARS)), blocks: blocks.slice(0, LIMITS.blocks) };
}

function block(slot: Slot, text: string): SlackBlock {
  return slot.kind === 'context' ? context(text) : section(text, slot.accessory);
}

/** Lines gathered into texts of at most a section's length. */
function chunks(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length <= LIMITS.sectionText) current = next;
    else {
      if (current !== '') out.push(current);
      current = line.slice(0, LIMITS.sectionText);
    }
  }
  if (current !== '') out.push(current);
  return out;
}

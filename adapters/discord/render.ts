import { mentionsLabel } from '../../src/answer/mentions-label.js';
import {
  ButtonStyle,
  ComponentType,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  MessageFlags,
} from 'discord.js';
import type { Answer, Citation } from '../../src/answer/answer.js';
import { encodeAction, type ButtonAction } from './custom-id.js';
import { DISCORD_LIMITS as L } from './limits.js';
import { attribution, code, fit, fitRaw, quote } from './markdown.js';

/** One action row of buttons. */
export interface ButtonRow {
  type: ComponentType.ActionRow;
  components: APIButtonComponentWithCustomId[];
}

/**
 * A message as Discord takes it in an interaction response, an edit or a
 * follow-up (a subset of `APIInteractionResponseCallbackData`). Mentions are
 * always off: the question is user input, and `@everyone` in it must ping no one.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-data-structure
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  flags?: number;
  allowed_mentions: { parse: [] };
}

/** How an answer is shown: which answer the buttons refer to, and whether only the asker sees it. */
export interface AnswerView {
  readonly answerId: string;
  readonly ephemeral: boolean;
  /** A private answer already posted to the channel: no second "Post to channel" button. */
  readonly posted?: boolean;
  /** False where the bot cannot post (a user install in a server without the bot): no "Post to channel". */
  readonly postable?: boolean;
  /** A line shown above the answer, e.g. why it is private although a public one was asked for. */
  readonly note?: string;
}

/** Citations shown in one message: one "Full passage" button each fits in a row. */
export const MAX_SHOWN_CITATIONS = 5;
const COLOR = 0x5865f2;
const DEFAULT_NOT_COVERED = "The documents don't cover that.";

/** `allowed_mentions` that pings no one. */
export function noMentions(): { parse: [] } {
  return { parse: [] };
}

/** The message without its flags, for an edit (which keeps the message's own visibility). */
export function withoutFlags(message: DiscordMessage): DiscordMessage {
  const copy = { ...message };
  delete copy.flags;
  return copy;
}

/** A short plain message (a refusal, an error, a thank-you), ephemeral unless said otherwise. */
export function renderNotice(text: string, ephemeral = true): DiscordMessage {
  const content = fitRaw(text, L.content) || '…';
  return { content, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}), allowed_mentions: noMentions() };
}

/**
 * An answer as a Discord message. When it answers: one embed whose title is
 * the question (buttons read it back, so they need no memory), the direct
 * answer sentence, each citation quoted with its matched words in bold, its
 * address, section and document, and a footer with the knowledge version and
 * the page; then the buttons. When the documents don't cover the question:
 * a plain message with the closest mentions and any "did you mean".
 * Every Discord limit holds for any answer.
 *
 * @see https://discord.com/developers/docs/resources/message#embed-object
 * @see https://discord.com/developers/docs/components/reference#button
 */
export function renderAnswer(answer: Answer, view: AnswerView): DiscordMessage {
  const flags = view.ephemeral ? { flags: MessageFlags.Ephemeral } : {};
  const note = view.note === undefined ? '' : `${fitRaw(view.note, 300)}\n\n`;
  if (!answer.answered)
    return { content: note + uncovered(answer, note.length), ...flags, allowed_mentions: noMentions() };
  const title = fitRaw(answer.question, L.title) || 'Answer';
  const footer = fitRaw(`knowledge ${answer.version} · page ${count(answer.page)} of ${count(answer.pages)}`, 120);
  const description = describe(answer);
  const citations = answer.citations.slice(0, MAX_SHOWN_CITATIONS);
  const room = L.embedTotal - title.length - footer.length - description.length;
  const per = Math.floor(room / Math.max(1, citations.length));
  const embed: APIEmbed = {
    color: COLOR,
    title,
    ...(description === '' ? {} : { description }),
    fields: citations.map((c) => citationField(c, per)),
    footer: { text: footer },
  };
  return {
    ...(note === '' ? {} : { content: note.trim() }),
    embeds: [embed],
    components: answerButtons(answer, citations, view),
    ...flags,
    allowed_mentions: noMentions(),
  };
}

/** The question an answer message is about: its embed title, as `renderAnswer` wrote it. */
export function questionOf(message: {
  readonly embeds?: ReadonlyArray<{ readonly title?: string }>;
}): string | undefined {
  const title = message.embeds?.[0]?.title;
  return title === undefined || title.trim() === '' ? undefined : title;
}

function count(n: number): number {
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function describe(answer: Answer): string {
  const parts: string[] = [];
  if (answer.sentence !== null && answer.sentence.trim() !== '') parts.push(fit(answer.sentence, 1000));
  for (const s of answer.suggestions.slice(0, 2)) parts.push(`Did you mean: *${fit(s, 150)}*`);
  return parts.join('\n\n');
}

function citationField(citation: Citation, per: number): APIEmbedField {
  const name = code(citation.address, Math.min(120, Math.floor(per / 4))) || 'Passage';
  const max = Math.min(L.fieldValue, per - name.length);
  const source = attribution(citation, Math.min(320, Math.floor(max / 2)));
  const body = quote(citation, max - source.length - 1);
  return { name, value: body === '> ' ? source || '…' : `${body}\n${source}` };
}

function uncovered(answer: Answer, taken = 0): string {
  const head = [fitRaw(answer.message ?? DEFAULT_NOT_COVERED, 300) || DEFAULT_NOT_COVERED];
  for (const s of answer.suggestions.slice(0, 2)) head.push(`Did you mean: **${fit(s, 180)}**?`);
  const mentions = answer.citations.slice(0, 3);
  if (mentions.length === 0) return head.join('\n');
  head.push('', mentionsLabel(answer));
  const used = head.join('\n').length + taken;
  const per = Math.floor((L.content - used) / mentions.length) - 1;
  const blocks = mentions.map((c) => {
    const where = `${code(c.address, 110)} ${attribution(c, Math.min(250, Math.floor(per / 3)), true)}`;
    return `${quote(c, per - where.length - 1)}\n${where}`;
  });
  return [...head, ...blocks].join('\n');
}

function button(
  action: ButtonAction,
  label: string,
  style: ButtonStyle,
  disabled = false,
): APIButtonComponentWithCustomId[] {
  const custom_id = encodeAction(action);
  if (custom_id === undefined) return [];
  return [
    {
      type: ComponentType.Button,
      style: style as ButtonStyle.Secondary,
      custom_id,
      label: fitRaw(label, L.buttonLabel) || '…',
      ...(disabled ? { disabled } : {}),
    },
  ];
}

function answerButtons(answer: Answer, citations: readonly Citation[], view: AnswerView): ButtonRow[] {
  const { answerId } = view;
  // Kept inside 1..9998 so that ◀ and ▶ never get the same custom_id.
  const page = Math.min(Math.max(count(answer.page), 1), 9998);
  const pages = count(answer.pages);
  const first: APIButtonComponentWithCustomId[] = [];
  if (pages > 1) {
    first.push(...button({ kind: 'page', page: page - 1, answerId }, '◀', ButtonStyle.Secondary, page <= 1));
    first.push(...button({ kind: 'page', page: page + 1, answerId }, '▶', ButtonStyle.Secondary, page >= pages));
  }
  const top = citations[0]?.address;
  const on = top === undefined ? {} : { address: top };
  first.push(...button({ kind: 'vote', vote: 'up', answerId, ...on }, '👍', ButtonStyle.Secondary));
  first.push(...button({ kind: 'vote', vote: 'down', answerId, ...on }, '👎', ButtonStyle.Secondary));
  if (view.ephemeral && view.posted !== true && view.postable !== false)
    first.push(...button({ kind: 'post', page, answerId }, 'Post to channel', ButtonStyle.Primary));
  const seen = new Set(first.map((b) => b.custom_id));
  const full: APIButtonComponentWithCustomId[] = [];
  citations.forEach((c, index) => {
    const at = c.address.indexOf('§');
    const label = `Full passage ${at >= 0 ? c.address.slice(at) : c.address}`;
    let [b] = button({ kind: 'full', address: c.address }, label, ButtonStyle.Secondary);
    if (b === undefined || seen.has(b.custom_id))
      [b] = button({ kind: 'full-at', page, index }, label, ButtonStyle.Secondary);
    if (b !== undefined && !seen.has(b.custom_id)) {
      seen.add(b.custom_id);
      full.push(b);
    }
  });
  return [first, full]
    .filter((row) => row.length > 0)
    .map((components) => ({ type: ComponentType.ActionRow, components }));
}

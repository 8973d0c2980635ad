import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIEmbedField } from 'discord.js';
import type { Action, AnswerMessage, Message, PassageView } from '../../src/message/model.js';
import { fitParts, type Part } from '../../src/render/fit-parts.js';
import { encodeAction, type ButtonAction } from './custom-id.js';
import { DISCORD_LIMITS as L } from './limits.js';
import { attribution, code, fit, fitRaw, quote } from './markdown.js';
import { EMBED_COLOR, noMentions, visibility, type ButtonRow, type DiscordMessage } from './message.js';
import { renderNotice, renderPassage, renderTopics } from './render-reference.js';

/** How a message is shown: to the user only or to everyone, and what its "Share" button may do. */
export interface DiscordView {
  /** Only the user sees it (the default). */
  readonly ephemeral?: boolean;
  /** A private answer already posted to the channel: no second "Share" (post to channel) button. */
  readonly posted?: boolean;
  /** False where the bot cannot post (a user install in a server without the bot): no "Share" button. */
  readonly postable?: boolean;
  /** A line shown above an answer, e.g. why it is private although a public one was asked for. */
  readonly note?: string;
}

/** Room the lead, the note and the suggestions may take in an answer; the passages share the rest. */
const DESCRIPTION_ROOM = 1600;

/**
 * Translates a message of the model (from `src/message/build.ts`) into a
 * Discord message within every Discord limit. An answer is one embed whose
 * title is the question (buttons read it back, so they need no memory),
 * then the note, the direct answer and any "did you mean", each passage
 * quoted with its matched words in bold and its address, section and
 * document, and the footer; its actions become buttons (page, feedback,
 * full passage, and "Share", which posts a private answer to the channel).
 * It writes no sentence of its own.
 *
 * @see https://discord.com/developers/docs/resources/message#embed-object
 * @see https://discord.com/developers/docs/components/reference#button
 * @example
 * renderDiscord(answerMessage(reply.answer, reply.answerId), { ephemeral: true })
 */
export function renderDiscord(message: Message, view: DiscordView = {}): DiscordMessage {
  const ephemeral = view.ephemeral ?? true;
  switch (message.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return renderAnswer(message, { ...view, ephemeral });
    case 'passage':
      return renderPassage(message);
    case 'topics':
      return renderTopics(message);
    case 'notice':
      return renderNotice(message, ephemeral);
  }
}

/** The question an answer message is about: its embed title, as `renderDiscord` wrote it. */
export function questionOf(message: {
  readonly embeds?: ReadonlyArray<{ readonly title?: string }>;
}): string | undefined {
  const title = message.embeds?.[0]?.title;
  return title === undefined || title.trim() === '' ? undefined : title;
}

function renderAnswer(m: AnswerMessage, view: DiscordView & { readonly ephemeral: boolean }): DiscordMessage {
  const note = view.note === undefined ? '' : fitRaw(view.note, 300);
  const title = fitRaw(m.question, L.title) || '…';
  const footer = m.footer === null ? '' : fitRaw(m.footer, 200);
  const text =
    (t: string, max: number): Part =>
    (room) =>
      fit(t, Math.min(room, max));
  const description = fitParts(
    [
      ...(m.note === null ? [] : [text(m.note, 300)]),
      ...(m.lead === null ? [] : [text(m.lead, 1000)]),
      ...m.suggestions.map((s) => text(s, 200)),
      ...(m.passagesTitle === null ? [] : [text(m.passagesTitle, 100)]),
    ],
    DESCRIPTION_ROOM,
    '\n\n',
  );
  const room = L.embedTotal - title.length - footer.length - description.length;
  const per = Math.floor(room / Math.max(1, m.passages.length));
  return {
    ...(note === '' ? {} : { content: note }),
    embeds: [
      {
        color: EMBED_COLOR,
        title,
        ...(description === '' ? {} : { description }),
        ...(m.passages.length === 0 ? {} : { fields: m.passages.map((p) => passageField(p, per)) }),
        ...(footer === '' ? {} : { footer: { text: footer } }),
      },
    ],
    ...buttons(m.actions, view),
    ...visibility(view.ephemeral),
    allowed_mentions: noMentions(),
  };
}

/** A passage as an embed field: its address as the name; the quote, then where it comes from. */
function passageField(p: PassageView, per: number): APIEmbedField {
  const name = code(p.address, Math.min(120, Math.floor(per / 4))) || '…';
  const max = Math.min(L.fieldValue, per - name.length);
  const value = fitParts([(r) => quote(p.segments, r), (r) => attribution(p, Math.min(r, 320))], Math.max(0, max));
  return { name, value: value || '…' };
}

function button(action: ButtonAction, label: string, style: ButtonStyle, disabled: boolean) {
  const custom_id = encodeAction(action);
  if (custom_id === undefined) return undefined;
  const b: APIButtonComponentWithCustomId = {
    type: ComponentType.Button,
    style: style as ButtonStyle.Secondary,
    custom_id,
    label: fitRaw(label, L.buttonLabel) || '…',
    ...(disabled ? { disabled } : {}),
  };
  return b;
}

/**
 * The actions as buttons: paging, feedback and "Share" in the first row,
 * one "Full passage" each in the second. Every custom_id is unique; a
 * passage whose address is too long for one is found by its place instead.
 */
function buttons(actions: readonly Action[], view: DiscordView): { components?: ButtonRow[] } {
  const first: APIButtonComponentWithCustomId[] = [];
  const full: APIButtonComponentWithCustomId[] = [];
  const seen = new Set<string>();
  const add = (row: APIButtonComponentWithCustomId[], b: APIButtonComponentWithCustomId | undefined): boolean => {
    if (b === undefined || seen.has(b.custom_id) || row.length >= L.buttonsPerRow) return false;
    seen.add(b.custom_id);
    row.push(b);
    return true;
  };
  const grey = ButtonStyle.Secondary;
  for (const a of actions) {
    if (a.kind === 'page')
      add(first, button({ kind: 'page', page: a.page, answerId: a.answerId }, a.label, grey, a.disabled));
    else if (a.kind === 'feedback') {
      const on = a.address === undefined ? {} : { address: a.address };
      add(first, button({ kind: 'vote', vote: a.vote, answerId: a.answerId, ...on }, a.label, grey, false));
    } else if (a.kind === 'full') {
      if (!add(full, button({ kind: 'full', address: a.address }, a.label, grey, false)))
        add(full, button({ kind: 'full-at', page: a.page, index: a.index }, a.label, grey, false));
    } else if (a.kind === 'share' && view.ephemeral === true && view.posted !== true && view.postable !== false)
      add(first, button({ kind: 'post', page: a.page, answerId: a.answerId }, a.label, ButtonStyle.Primary, false));
  }
  const rows = [first, full].filter((row) => row.length > 0);
  return rows.length === 0
    ? {}
    : { components: rows.map((components) => ({ type: ComponentType.ActionRow, components })) };
}

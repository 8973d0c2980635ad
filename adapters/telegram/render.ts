import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Action, AnswerMessage, Message, PassageView, TopicsMessage } from '../../src/message/model.js';
import { fitMarkup, fitText } from '../../src/render/fit-markup.js';
import { fitLines, fitParts, wrap, type Part } from '../../src/render/fit-parts.js';
import { encodeState } from './callback-data.js';
import { escapeHtml, TELEGRAM_HTML, unbreak } from './html.js';

/** Telegram's limit on a message's text, in characters. */
export const MAX_MESSAGE_LENGTH = 4096;
/** What starts the first line of an answer: the question follows it, and buttons read it back. */
const QUESTION_MARK = '❓ ';

/** A message as `sendMessage` and `editMessageText` take it, in HTML parse mode. */
export interface TelegramMessage {
  readonly text: string;
  readonly reply_markup?: InlineKeyboardMarkup;
}

const text =
  (t: string): Part =>
  (room) =>
    fitText(t, escapeHtml, room);

/** How to render: the length limit (4,096 by default), and whether the bot has inline mode, which a Share button needs. */
export interface RenderOptions {
  readonly max?: number;
  readonly share?: boolean;
}

/**
 * Translates a message of the model into Telegram HTML and an inline
 * keyboard, within `max` characters and 64 bytes of `callback_data` per
 * button. It writes no sentence of its own.
 *
 * @see https://core.telegram.org/bots/api#formatting-options
 * @see https://core.telegram.org/bots/api#inlinekeyboardmarkup
 */
export function renderTelegram(message: Message, options: RenderOptions = {}): TelegramMessage {
  const max = options.max ?? MAX_MESSAGE_LENGTH;
  switch (message.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return withKeyboard(nonEmpty(renderAnswer(message, max)), keyboard(message.actions, options.share ?? true));
    case 'passage':
      return { text: nonEmpty(fitParts([passage(message.passage), italic(message.footer)], max)) };
    case 'topics':
      return { text: nonEmpty(renderTopics(message, max)) };
    case 'notice':
      return { text: nonEmpty(fitParts([text(message.text), ...message.lines.map(text)], max)) };
  }
}

/** The question an answer message is about, read back from the message Telegram delivered with a button press. */
export function questionOf(messageText: string | undefined): string | undefined {
  const first = messageText?.split('\n', 1)[0] ?? '';
  if (!first.startsWith(QUESTION_MARK)) return undefined;
  const question = unbreak(first.slice(QUESTION_MARK.length)).trim();
  return question === '' || question.endsWith('…') ? undefined : question;
}

function renderAnswer(m: AnswerMessage, max: number): string {
  const parts: Part[] = [
    (room) => wrap('<b>', '</b>', room, text(`${QUESTION_MARK}${m.question}`)),
    ...(m.note === null ? [] : [italic(m.note)]),
    ...(m.lead === null ? [] : [text(m.lead)]),
    ...m.suggestions.map(text),
    ...(m.passagesTitle === null ? [] : [text(m.passagesTitle)]),
    ...m.passages.map(passage),
    ...(m.footer === null ? [] : [italic(m.footer)]),
  ];
  return fitParts(parts, max, '\n\n');
}

function italic(t: string): Part {
  return (room) => wrap('<i>', '</i>', room, text(t));
}

/** A quoted passage, matched words in bold, then its address, section and document (linked when it has a URL). */
function passage(p: PassageView): Part {
  return (room) => {
    const source = (r: number): string => {
      const address = wrap('<code>', '</code>', Math.min(r, 120), text(p.address));
      const rest = fitText(` · ${p.section} · ${p.document}`, escapeHtml, Math.max(0, r - address.length));
      const link = p.url === undefined || !/^https?:\/\//.test(p.url) ? '' : ` <a href="${escapeHtml(p.url)}">↗</a>`;
      return address.length + rest.length + link.length <= r ? `${address}${rest}${link}` : `${address}${rest}`;
    };
    return fitParts(
      [
        (r) => wrap('<blockquote>', '</blockquote>', r, (inner) => fitMarkup(p.segments, TELEGRAM_HTML, inner)),
        (r) => source(Math.min(r, 400)),
      ],
      room,
    );
  };
}

function renderTopics(m: TopicsMessage, max: number): string {
  const lines: string[] = [];
  for (const d of m.documents) {
    lines.push(`<b>${fitText(d.title, escapeHtml, 200)}</b> (<code>${fitText(d.slug, escapeHtml, 100)}</code>)`);
    for (const s of d.sections)
      lines.push(
        `<code>${fitText(s.address, escapeHtml, 100)}</code> ${fitText(`${s.heading} · ${s.count}`, escapeHtml, 200)}`,
      );
  }
  return fitParts(
    [
      (r) => wrap('<b>', '</b>', r, text(m.title)),
      (r) => fitLines(lines, r, (n) => fitText(m.more(n), escapeHtml, r)),
      italic(m.footer),
    ],
    max,
  );
}

function keyboard(actions: readonly Action[], share: boolean): InlineKeyboardButton[][] {
  const first: InlineKeyboardButton[] = [];
  const full: InlineKeyboardButton[] = [];
  const last: InlineKeyboardButton[] = [];
  const label = (l: string): string => (l.length > 40 ? `${l.slice(0, 39)}…` : l);
  for (const a of actions) {
    if (a.kind === 'page' && !a.disabled) {
      const data = encodeState({ kind: 'page', page: a.page, answerId: a.answerId });
      if (data !== undefined) first.push({ text: a.label, callback_data: data });
    } else if (a.kind === 'feedback') {
      const on = a.address === undefined ? {} : { address: a.address };
      const data =
        encodeState({ kind: 'vote', vote: a.vote, answerId: a.answerId, ...on }) ??
        encodeState({ kind: 'vote', vote: a.vote, answerId: a.answerId });
      if (data !== undefined) first.push({ text: a.label, callback_data: data });
    } else if (a.kind === 'full') {
      const data =
        encodeState({ kind: 'full', address: a.address }) ??
        encodeState({ kind: 'full-at', page: a.page, index: a.index });
      if (data !== undefined) full.push({ text: label(a.label), callback_data: data });
    } else if (a.kind === 'share' && share) {
      last.push({ text: a.label, switch_inline_query: a.question.slice(0, 256) });
    }
  }
  const rows = [first];
  for (let i = 0; i < full.length; i += 3) rows.push(full.slice(i, i + 3));
  rows.push(last);
  return rows.filter((r) => r.length > 0);
}

function withKeyboard(t: string, rows: InlineKeyboardButton[][]): TelegramMessage {
  return rows.length === 0 ? { text: t } : { text: t, reply_markup: { inline_keyboard: rows } };
}

function nonEmpty(t: string): string {
  return t === '' ? '…' : t;
}

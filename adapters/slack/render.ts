import type { AnswerMessage, Message, NoticeMessage, PassageView, TopicsMessage } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { fitMarkup, fitText } from '../../src/render/fit-markup.js';
import { fitLines, fitParts, wrap, type Part } from '../../src/render/fit-parts.js';
import { answerButtons, sharerOf, type SlackView } from './actions.js';
import type { SlackBlock, SlackMessage } from './blocks.js';
import { layout, plain, type Slot } from './layout.js';
import { SLACK_MRKDWN, escapeInline, mrkdwnLink, neutralizeMrkdwn } from './mrkdwn.js';

export type { SlackView } from './actions.js';

/** Characters of a passage quoted in an answer; its Full passage button shows it whole. */
export const EXCERPT_CHARS = 320;
/** What starts the question line of an answer. */
const QUESTION_MARK = '❓ ';

/**
 * Translates a message of the model into Block Kit, within Slack's limits
 * (50 blocks, 3,000 characters a section, and a whole message well under the
 * size Slack refuses). Every text from users and documents is escaped; it
 * writes no sentence of its own (they all come from `STRINGS`).
 *
 * An answer: the question (when `view.question` says so), the note, the
 * direct answer, "did you mean", each passage quoted with its matched words
 * in bold and a Full passage button, where it comes from (the document
 * linked when it has a URL), the footer (page x of y, knowledge version),
 * then Previous, Next, 👍, 👎 and, with `view.share`, Share.
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks
 * @see https://docs.slack.dev/messaging/formatting-message-text
 * @example
 * const { text, blocks } = renderSlack(answerMessage(reply.answer, reply.answerId), { share: true, question: 'plain' });
 */
export function renderSlack(message: Message, view: SlackView = {}): SlackMessage {
  switch (message.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return renderAnswer(message, view);
    case 'passage':
      return layout(
        [
          { kind: 'section', part: quote(message.passage) },
          { kind: 'context', part: source(message.passage) },
          { kind: 'context', part: plain(message.footer) },
        ],
        [],
        plain(`${message.passage.address}: ${message.passage.segments.map((s) => s.text).join('')}`),
      );
    case 'topics':
      return renderTopics(message);
    case 'notice':
      return renderNotice(message);
  }
}

function renderAnswer(m: AnswerMessage, view: SlackView): SlackMessage {
  const { row, full } = answerButtons(m, view);
  const slots: Slot[] = [
    ...(view.question === undefined || m.question === '' ? [] : [slot('context', questionLine(m.question, view))]),
    ...(m.note === null ? [] : [slot('section', plain(m.note))]),
    ...(m.lead === null ? [] : [slot('section', plain(m.lead))]),
    ...m.suggestions.map((s) => slot('context', plain(s))),
    ...(m.passagesTitle === null ? [] : [slot('context', plain(m.passagesTitle))]),
    ...m.passages.flatMap((p, i) => [
      { kind: 'section' as const, part: (r: number) => quote(p)(Math.min(r, EXCERPT_CHARS)), accessory: full.get(i) },
      slot('context', source(p)),
    ]),
    ...(m.footer === null ? [] : [slot('context', plain(m.footer))]),
  ];
  const tail: SlackBlock[] = row.length === 0 ? [] : [{ type: 'actions', elements: row }];
  return layout(slots, tail, plain(m.lead ?? m.note ?? m.question));
}

function slot(kind: Slot['kind'], part: Part): Slot {
  return { kind, part };
}

/** The question as typed, in italics that it cannot break, after ❓ or after who shared it. */
function questionLine(question: string, view: SlackView): Part {
  const sharer = sharerOf(view);
  const before = sharer === undefined ? QUESTION_MARK : `${STRINGS.askedBy(`<@${sharer}>`)} `;
  return (room) => {
    const asked = wrap('_', '_', room - before.length, plain(neutralizeMrkdwn(question)));
    return asked === '' ? '' : `${before}${asked}`;
  };
}

/** A passage as a quote, its matched words in bold. */
function quote(p: PassageView): Part {
  return (room) => wrap('> ', '', room, (inner) => fitMarkup(p.segments, SLACK_MRKDWN, inner));
}

/** Where a passage comes from: its address, section and document (a link when it has a plain http(s) URL). */
function source(p: PassageView): Part {
  const url = p.url !== undefined && /^https?:\/\/[^\s<>|]+$/i.test(p.url) && p.url.length <= 500 ? p.url : undefined;
  const document: Part = (room) => {
    const linked = url === undefined ? '' : wrap(`<${url.replace(/&/g, '&amp;')}|`, '>', room, plain(p.document));
    return linked === '' ? plain(p.document)(room) : linked;
  };
  return (room) =>
    fitParts(
      [(r) => wrap('*', '*', Math.min(r, 120), plain(p.address)), plain(p.section), document],
      Math.min(room, 500),
      ' · ',
    );
}

function renderTopics(m: TopicsMessage): SlackMessage {
  const lines: string[] = [];
  for (const d of m.documents) {
    const title = fitText(d.title, escapeInline, 150);
    const linked = d.url === undefined ? title : mrkdwnLink(d.url, title);
    lines.push(`*${linked}* (\`${fitText(d.slug, escapeInline, 80)}\`)`);
    for (const s of d.sections)
      lines.push(
        `• \`${fitText(s.address, escapeInline, 100)}\` ${fitText(`${s.heading} · ${s.count}`, escapeInline, 200)}`,
      );
  }
  return layout(
    [
      slot('section', (r) => wrap('*', '*', r, plain(m.title))),
      { kind: 'section', split: true, part: (r) => fitLines(lines, r, (n) => fitText(m.more(n), escapeInline, r)) },
      slot('context', plain(m.footer)),
    ],
    [],
    plain(m.title),
  );
}

function renderNotice(m: NoticeMessage): SlackMessage {
  const lines = [m.text, ...m.lines];
  return layout([{ kind: 'section', split: true, part: (r) => fitParts(lines.map(plain), r) }], [], plain(m.text));
}

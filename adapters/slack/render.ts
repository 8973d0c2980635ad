import { mentionsLabel } from '../../src/answer/mentions-label.js';
import type { Answer, Citation, CiteResult, Topics } from '../../src/answer/answer.js';
import { clip } from '../../src/answer/clip.js';
import { highlight } from '../../src/answer/highlight.js';
import {
  LIMITS,
  button,
  context,
  fitText,
  messageSize,
  nonBlank,
  section,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
} from './blocks.js';
import { ACTIONS, encodePageValue, encodePassageValue, encodeVoteValue } from './buttons.js';
import { escapeMrkdwn, mrkdwnLink, neutralizeMrkdwn } from './mrkdwn.js';

/** Source characters of a passage shown in an answer; the Full passage button shows the rest. */
export const EXCERPT_CHARS = 320;
const SENTENCE_CHARS = 700;
const MENTION_CHARS = 200;
/** A Slack user id, as Slack itself gives it (never as a user typed it). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/** How an answer is shown. */
export interface AnswerView {
  /** The id `BotService.ask` gave the answer; 👍 and 👎 record against it, on every page. */
  readonly answerId: string;
  /** Add a "Share in channel" button (the ephemeral `/ask` answer). */
  readonly share?: boolean;
  /** Show the question above the answer: `'plain'`, or who shared it (a Slack user id). */
  readonly question?: 'plain' | { readonly sharedBy: string };
}

/**
 * Renders an answer as Block Kit: the direct answer sentence; each excerpt
 * as a quote with the matched words in bold, then its address, section and
 * document (a link when the document has a url); "did you mean"; a context
 * with the knowledge version and "page x of y"; then Previous, Next, 👍, 👎
 * and, for an ephemeral answer, Share in channel. An answer that was not
 * given is a plain reply: why, "did you mean", and the closest mentions.
 * Every text from users and documents is escaped; the result keeps within
 * Slack's limits whatever the answer (a property test checks it).
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks
 * @see https://docs.slack.dev/messaging/formatting-message-text
 * @example
 * const { text, blocks } = renderAnswer(answer, { answerId: 'x1', share: true });
 */
export function renderAnswer(answer: Answer, view: AnswerView): SlackMessage {
  let excerpt = answer.answered ? EXCERPT_CHARS : MENTION_CHARS;
  let citations = answer.citations.length;
  let message = buildAnswer(answer, view, excerpt, citations);
  while (messageSize(message) > LIMITS.message && (excerpt > 40 || citations > 0)) {
    if (excerpt > 40) excerpt = Math.floor(excerpt * 0.7);
    else citations -= 1;
    message = buildAnswer(answer, view, excerpt, citations);
  }
  return message;
}

function buildAnswer(answer: Answer, view: AnswerView, excerpt: number, count: number): SlackMessage {
  const blocks: SlackBlock[] = [];
  const asked = questionLine(answer.question, view);
  if (asked !== undefined) blocks.push(context(asked));
  const citations = answer.citations.slice(0, count);
  const omitted = answer.citations.length - citations.length;
  if (!answer.answered) {
    const why = answer.message?.trim() ? answer.message : "The documents don't cover that.";
    blocks.push(section(fit(why, 1000)));
    if (answer.suggestions.length > 0) blocks.push(section(didYouMean(answer.suggestions)));
    if (citations.length > 0) blocks.push(context(mentionsLabel(answer)));
    for (const c of citations) blocks.push(...citationBlocks(c, excerpt, false));
    if (omitted > 0) blocks.push(context(`…and ${omitted} more, left out to fit one message.`));
    blocks.push(context(`knowledge ${escapeMrkdwn(clip(answer.version, 40))}`));
    return { text: fit(why, 300), blocks };
  }
  const sentence = answer.sentence ?? citations[0]?.text ?? '';
  blocks.push(section(fit(sentence, SENTENCE_CHARS)));
  for (const c of citations) blocks.push(...citationBlocks(c, excerpt, true));
  if (omitted > 0) blocks.push(context(`…and ${omitted} more passages on this page, left out to fit one message.`));
  if (answer.suggestions.length > 0) blocks.push(context(didYouMean(answer.suggestions)));
  blocks.push(context(`knowledge ${escapeMrkdwn(clip(answer.version, 40))} · page ${answer.page} of ${answer.pages}`));
  const buttons = answerButtons(answer, view);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: nonBlank(fit(sentence, 300)), blocks };
}

function questionLine(question: string, view: AnswerView): string | undefined {
  if (view.question === undefined || question === '') return undefined;
  const q = `_${escapeMrkdwn(neutralizeMrkdwn(clip(question, 300)))}_`;
  if (view.question === 'plain') return `❓ ${q}`;
  const user = SLACK_USER_ID.test(view.question.sharedBy) ? `<@${view.question.sharedBy}>` : 'Someone';
  return `${user} asked: ${q}`;
}

function answerButtons(answer: Answer, view: AnswerView): SlackButton[] {
  const out: SlackButton[] = [];
  const sharer = typeof view.question === 'object' ? view.question.sharedBy : undefined;
  const sharedBy = sharer !== undefined && SLACK_USER_ID.test(sharer) ? { s: sharer } : {};
  const page = (p: number): string | undefined =>
    encodePageValue({ q: answer.question, p, id: view.answerId, ...sharedBy });
  const previous = answer.page > 1 ? page(answer.page - 1) : undefined;
  const next = answer.page < answer.pages ? page(answer.page + 1) : undefined;
  if (previous !== undefined) out.push(button(ACTIONS.previous, '◀ Previous', previous));
  if (next !== undefined) out.push(button(ACTIONS.next, 'Next ▶', next));
  const top = answer.citations[0]?.address;
  const vote = (v: 'up' | 'down'): string | undefined =>
    (top === undefined ? undefined : encodeVoteValue({ id: view.answerId, v, a: top })) ??
    encodeVoteValue({ id: view.answerId, v });
  const up = vote('up');
  const down = vote('down');
  if (up !== undefined) out.push(button(ACTIONS.voteUp, '👍', up));
  if (down !== undefined) out.push(button(ACTIONS.voteDown, '👎', down));
  const share = view.share === true ? page(answer.page) : undefined;
  if (share !== undefined) out.push(button(ACTIONS.share, 'Share in channel', share, 'primary'));
  return out;
}

/**
 * A passage as a quote (matched words in bold), then where it comes from. When the quote is cut short, a Full
 * passage button shows the rest.
 */
function citationBlocks(c: Citation, excerpt: number, withButton: boolean): SlackBlock[] {
  const flat = c.text.replace(/\s+/g, ' ').trim();
  let shown = flat.length;
  const quote = fitText(
    (n) => {
      shown = Math.min(n, flat.length);
      return `>${quoted(clip(flat, n), c.terms)}`;
    },
    excerpt,
    LIMITS.sectionText,
  );
  const value = withButton && shown < flat.length ? encodePassageValue({ a: c.address }) : undefined;
  const accessory = value === undefined ? undefined : button(ACTIONS.fullPassage, 'Full passage', value);
  return [section(quote, accessory), context(whereFrom(c))];
}

function quoted(text: string, terms: readonly string[]): string {
  if (text === '') return ' …';
  const body = highlight(text, terms)
    .map((s) => (s.match && s.text.trim() !== '' ? `*${escapeMrkdwn(s.text)}*` : escapeMrkdwn(s.text)))
    .join('');
  return ` ${body}`;
}

function whereFrom(c: Citation): string {
  const document = escapeMrkdwn(clip(c.document, 150));
  const doc = c.url === undefined ? document : mrkdwnLink(c.url, document);
  return `*${escapeMrkdwn(clip(c.address, 120))}* · ${escapeMrkdwn(clip(c.section, 150))} · ${doc}`;
}

function didYouMean(suggestions: readonly string[]): string {
  return `Did you mean: ${suggestions
    .slice(0, 3)
    .map((s) => `_${escapeMrkdwn(clip(s, 120))}_`)
    .join(' · ')}`;
}

/** Escaped text clipped so that it fits a section. */
function fit(text: string, chars: number): string {
  return fitText((n) => escapeMrkdwn(clip(text.replace(/\s+/g, ' ').trim(), n)), chars, LIMITS.sectionText);
}

/**
 * Renders one passage looked up by address (`/ask cite`, Full passage), or
 * why it was not found and which addresses are near.
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks/section-block
 */
export function renderCite(result: CiteResult): SlackMessage {
  if (!result.found) {
    const why = result.message.trim() === '' ? 'There is no passage at that address.' : result.message;
    const blocks: SlackBlock[] = [section(fit(why, 1000))];
    const near = result.suggestions.slice(0, 10).map((s) => `\`${escapeMrkdwn(clip(s, 120))}\``);
    if (near.length > 0) blocks.push(context(`Try: ${near.join(', ')}`));
    return { text: fit(why, 300), blocks };
  }
  const c = result.citation;
  const flat = c.text.replace(/\s+/g, ' ').trim();
  const quote = fitText((n) => `>${quoted(clip(flat, n), c.terms)}`, flat.length, LIMITS.sectionText);
  return {
    text: nonBlank(fit(`${c.address}: ${flat}`, 300)),
    blocks: [section(quote), context(whereFrom(c)), context(`knowledge ${escapeMrkdwn(clip(result.version, 40))}`)],
  };
}

/**
 * Renders the table of contents: each document (a link when it has a url)
 * with its sections' addresses, cut to fit one message.
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks/section-block
 */
export function renderTopics(topics: Topics, command = '/ask'): SlackMessage {
  const blocks: SlackBlock[] = [];
  let size = 0;
  let left = 0;
  for (const d of topics.documents) {
    const title = escapeMrkdwn(clip(d.title, 150));
    const lines = [
      `*${d.url === undefined ? title : mrkdwnLink(d.url, title)}* (\`${escapeMrkdwn(clip(d.slug, 80))}\`)`,
    ];
    for (const s of d.sections) {
      lines.push(`• \`${escapeMrkdwn(clip(s.address, 100))}\` ${escapeMrkdwn(clip(s.heading, 150))} (${s.passages})`);
    }
    let text = '';
    for (const line of lines) {
      const fits = blocks.length < LIMITS.blocks - 3 && size + text.length + line.length < LIMITS.message - 1500;
      if (!fits) {
        left += 1;
        continue;
      }
      if (text.length + line.length + 1 > LIMITS.sectionText) {
        blocks.push(section(text));
        size += text.length + 60;
        text = '';
      }
      text = text === '' ? line : `${text}\n${line}`;
    }
    if (text !== '') {
      blocks.push(section(text));
      size += text.length + 60;
    }
  }
  if (topics.documents.length === 0) blocks.push(section('There are no documents yet.'));
  if (left > 0) blocks.push(context(`…and ${left} more lines, left out to fit one message.`));
  blocks.push(
    context(
      `knowledge ${escapeMrkdwn(clip(topics.version, 40))} · \`${escapeMrkdwn(command)} cite &lt;address&gt;\` shows a passage`,
    ),
  );
  return { text: `Topics: ${topics.documents.length} documents`, blocks };
}

/**
 * The help text: what the bot does and how to ask it.
 *
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export function renderHelp(command = '/ask'): SlackMessage {
  return { text: 'How to ask me questions', blocks: [section(helpLines(command).join('\n'))] };
}

/** How to ask, one escaped mrkdwn line per way, for the help message and the Home tab. */
export function helpLines(command = '/ask'): string[] {
  return [
    '*I answer questions from the documents, quoting and citing the passages.*',
    `• \`${command} <question>\`: an answer only you see, with a button to share it.`,
    '• `@mention` me with a question in a channel: I answer in a thread. Mention me again in the thread to follow up.',
    '• Send me a direct message: I answer right there, no mention needed.',
    `• \`${command} cite <address>\`: one passage, e.g. \`${command} cite §1.2\`.`,
    `• \`${command} topics\`: the documents and their sections.`,
  ].map(escapeMrkdwn);
}

/**
 * A short plain message (a refusal, an error, a thank-you), escaped.
 *
 * @example
 * renderNotice("You're asking faster than I can keep up with.")
 */
export function renderNotice(text: string): SlackMessage {
  const escaped = nonBlank(fit(text, 1000));
  return { text: escaped, blocks: [section(escaped)] };
}

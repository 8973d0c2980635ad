/**
 * Slack and Telegram say the same words: the same message of the model, over the bundled essay, rendered by each
 * platform's renderer, shows the same question, lead, passages, note, footer and button labels. Only the markup
 * differs (mrkdwn and Block Kit, HTML and an inline keyboard).
 */
import { describe, expect, it } from 'vitest';
import { renderTelegram } from '../../../adapters/telegram/render.js';
import { BotService } from '../../../src/bot-service.js';
import { Gate } from '../../../src/gate.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import type { Action, Message } from '../../../src/message/model.js';
import { essayAnswerer } from '../../helpers/essay.js';
import { slackWords } from './harness.js';

/** What a Telegram user reads: the text without its tags, and the keyboard's labels. */
function telegramWords(message: Message): { text: string; labels: string[] } {
  const { text, reply_markup } = renderTelegram(message, { share: true });
  return {
    text: unescapeHtml(text.replace(/<[^>]+>/g, '').replaceAll('\u200B', '')).replace(/ ↗/g, ''),
    labels: (reply_markup?.inline_keyboard.flat() ?? []).map((b) => b.text),
  };
}

/** HTML entities as Telegram shows them. */
function unescapeHtml(text: string): string {
  return text.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Lines of a text, white space folded. */
const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
/** The words of a text (not bullets or separators), without one a cut leaves unfinished ("gener…"). */
const words = (text: string): Set<string> =>
  new Set(
    text
      .replace(/\S*…/g, ' ')
      .split(/\s+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w)),
  );
/** White space folded, and no backticks (Slack shows them as code, Telegram as they are). */
const fold = (text: string): string => text.replaceAll('`', '').replace(/\s+/g, ' ').trim();

/** The first words of a passage: both quote at least these, whatever they cut. */
function opening(segments: ReadonlyArray<{ readonly text: string }>): string {
  const text = fold(segments.map((s) => s.text).join(''));
  return text.length <= 80 ? text : text.slice(0, text.lastIndexOf(' ', 80));
}

/** The sentences both must show, from the model itself. */
function expected(message: Message): string[] {
  switch (message.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return [
        message.question,
        ...[message.note, message.lead, message.passagesTitle, message.footer].filter((s) => s !== null),
        ...message.suggestions,
        ...message.passages.flatMap((p) => [p.address, p.section, p.document, opening(p.segments)]),
      ];
    case 'passage':
      return [message.passage.segments.map((s) => s.text).join(''), message.passage.address, message.footer];
    case 'topics':
      return [
        message.title,
        message.footer,
        ...message.documents.flatMap((d) => [d.title, ...d.sections.map((s) => `${s.heading} · ${s.count}`)]),
      ];
    case 'notice':
      return [message.text, ...message.lines];
  }
}

function sameWords(message: Message): void {
  const slack = slackWords(message);
  const telegram = telegramWords(message);
  for (const sentence of expected(message)) {
    const folded = fold(sentence);
    expect(fold(slack.text), `Slack shows ${folded}`).toContain(folded);
    expect(fold(telegram.text), `Telegram shows ${folded}`).toContain(folded);
  }
  // Every word Slack shows, Telegram shows too (Slack quotes shorter excerpts, so not the other way round).
  const told = words(fold(telegram.text));
  for (const line of lines(slack.text))
    for (const w of words(fold(line))) expect(told, `"${w}" in: ${line}`).toContain(w);
  // The same buttons, labelled alike (Slack leaves out a page button that does nothing).
  const actions: readonly Action[] = 'actions' in message ? message.actions : [];
  const shown = actions.filter((a) => !(a.kind === 'page' && a.disabled)).map((a) => a.label);
  expect(slack.labels.sort()).toEqual([...shown].sort());
  expect(telegram.labels.sort()).toEqual([...shown].sort());
}

describe('Slack and Telegram say the same words', () => {
  it('for an answered question, with its passages, footer and buttons', async () => {
    const answer = (await essayAnswerer()).ask('What is the partnership?');
    expect(answer.outcome).toBe('answered');
    const message = answerMessage(answer, 'ID1');
    expect(message.kind === 'answer' && message.passages.length > 1 && message.lead !== null).toBe(true);
    sameWords(message);
  });

  it('for a question the documents do not cover', async () => {
    const answer = (await essayAnswerer()).ask('How do I bake sourdough bread?');
    const message = answerMessage(answer, 'ID2');
    expect(message.kind).toBe('not_covered');
    sameWords(message);
  });

  it('for a passage looked up by address, and one that is not there', async () => {
    const answerer = await essayAnswerer();
    sameWords(citeMessage(answerer.cite('russia-china-relations §1.2')));
    sameWords(citeMessage(answerer.cite('russia-china-relations §99.1')));
  });

  it('for the table of contents', async () => {
    sameWords(topicsMessage((await essayAnswerer()).topics()));
  });

  it('for a refusal from the gate', async () => {
    const answerer = await essayAnswerer();
    const service = new BotService({
      answerer: () => answerer,
      gate: new Gate({ questions: 10, windowSeconds: 60, channels: { slack: ['C1'] } }),
    });
    const reply = await service.ask({ asker: { platform: 'slack', userId: 'U1', channelId: 'C2' }, question: 'x' });
    expect(reply.kind).toBe('refused');
    if (reply.kind === 'refused') sameWords(notice(reply.message, 'refusal'));
  });
});

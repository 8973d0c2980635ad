import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answer.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../src/message/build.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { renderDiscord } from '../../adapters/discord/render.js';
import { renderTelegram } from '../../adapters/telegram/render.js';
import { slackWords } from '../adapters/slack/harness.js';
import { essayAnswerer } from '../helpers/essay.js';

/** What a user sees of a message: its text without markup, and its button labels. */
interface Seen {
  readonly text: string;
  readonly buttons: readonly string[];
}

/** A platform's renderer, and how to read back what it shows. Add a platform by adding an entry. */
interface Platform {
  readonly name: string;
  readonly show: (message: Message) => Seen;
}

const oneLine = (t: string): string => t.replace(/\s+/g, ' ').trim();

/** Discord markdown as it shows: links as their label, no bold, code or quote marks, escapes undone. */
function discordText(markdown: string): string {
  return markdown
    .replace(/\[((?:\\.|[^\]])*)\]\([^)]*\)/g, '$1')
    .replace(/(?<!\\)(\*\*|`)/g, '')
    .replace(/^> /gm, '')
    .replace(/\\(.)/g, '$1');
}

const PLATFORMS: readonly Platform[] = [
  {
    name: 'discord',
    show: (message) => {
      const m = renderDiscord(message);
      const parts = [m.content ?? ''];
      for (const e of m.embeds ?? [])
        parts.push(
          e.title ?? '',
          e.description ?? '',
          ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
          e.footer?.text ?? '',
        );
      const buttons = (m.components ?? []).flatMap((row) => row.components.map((b) => b.label ?? ''));
      return { text: oneLine(parts.map(discordText).join('\n')), buttons };
    },
  },
  {
    name: 'slack',
    show: (message) => {
      const { text, labels } = slackWords(message);
      return { text: oneLine(text), buttons: labels };
    },
  },
  {
    name: 'telegram',
    show: (message) => {
      const m = renderTelegram(message);
      const text = m.text
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      return { text: oneLine(text), buttons: (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text) };
    },
  },
];

/** The words every platform must show for a message: taken from the model, never from a renderer. */
function expectedWords(m: Message): { text: string[]; buttons: string[] } {
  const start = (t: string): string => oneLine(t).slice(0, 80).trimEnd();
  switch (m.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return {
        text: [
          m.question,
          ...[m.note, m.lead, m.passagesTitle, m.footer].filter((t): t is string => t !== null),
          ...m.suggestions,
          ...m.passages.flatMap((p) => [p.address, start(p.segments.map((s) => s.text).join(''))]),
        ],
        buttons: m.actions.filter((a) => a.kind !== 'page' || !a.disabled).map((a) => a.label),
      };
    case 'passage':
      return {
        text: [m.passage.address, m.passage.section, m.footer, start(m.passage.segments.map((s) => s.text).join(''))],
        buttons: [],
      };
    case 'topics':
      return {
        text: [
          m.title,
          m.footer,
          ...m.documents.flatMap((d) => [d.title, ...d.sections.slice(0, 3).map((s) => `${s.heading} · ${s.count}`)]),
        ],
        buttons: [],
      };
    case 'notice':
      return { text: [m.text, ...m.lines], buttons: [] };
  }
}

let answerer: Answerer;
beforeAll(async () => {
  answerer = await essayAnswerer();
});

const cases: ReadonlyArray<readonly [string, () => Message]> = [
  ['an answered question', () => answerMessage(answerer.ask('What is APEC?'), 'AbCdEfGh')],
  ['a paged answer', () => answerMessage(answerer.ask('cooperation', { page: 2 }), 'AbCdEfGh')],
  [
    'passages the bot is not sure answer the question',
    () => answerMessage({ ...answerer.ask('What is the partnership?'), outcome: 'not_sure' }, 'AbCdEfGh'),
  ],
  [
    'a reply with a "did you mean"',
    () =>
      answerMessage(
        { ...answerer.ask('How do I bake sourdough bread?'), suggestions: ['What is the partnership based on'] },
        'X',
      ),
  ],
  ['a question the documents do not cover', () => answerMessage(answerer.ask('How do I bake sourdough bread?'), 'X')],
  ['a passage by its address', () => citeMessage(answerer.cite('russia-china-relations §2.1'))],
  ['an address with no passage', () => citeMessage(answerer.cite('§9.1'))],
  ['the table of contents', () => topicsMessage(answerer.topics())],
  ['a refusal', () => notice(STRINGS.notInChannel, 'refusal')],
];

describe('every platform says the same words', () => {
  it.each(cases)('%s', (_, make) => {
    const message = make();
    const want = expectedWords(message);
    expect(want.text.length).toBeGreaterThan(0);
    for (const platform of PLATFORMS) {
      const seen = platform.show(message);
      // Backticks are markup on Discord and Slack (code) and plain text on Telegram: compared without them.
      for (const words of want.text)
        expect(seen.text.replaceAll('`', ''), platform.name).toContain(oneLine(words).replaceAll('`', ''));
      for (const label of want.buttons) expect(seen.buttons, platform.name).toContain(label);
    }
  });
});

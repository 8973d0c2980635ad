/**
 * Shared set-up for the Slack adapter tests: a real BotService over the shipped knowledge, a pino logger whose
 * lines are captured, a question log that keeps feedback, and the Slack bot against the fake Slack.
 */
import type { Logger } from 'pino';
import type { Answerer } from '../../../src/answer/answer.js';
import { BotService } from '../../../src/bot-service.js';
import { Gate, type GateOptions } from '../../../src/gate.js';
import { REDACT_PATHS } from '../../../adapters/config.js';
import { createLogger } from '../../../src/logger.js';
import { openKnowledge } from '../../../src/open-knowledge.js';
import { createSlackBot, type SlackBot, type SlackBotOptions } from '../../../adapters/slack/app.js';
import { renderSlack } from '../../../adapters/slack/render.js';
import type { Message } from '../../../src/message/model.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { MemoryQuestionLog } from '../../helpers/memory-log.js';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';
export const SIGNING_SECRET = 'test-signing-secret-123';

/** A question the shipped knowledge answers, over more than one page. */
export const PAGED_QUESTION = 'What is the partnership?';
/** A question the shipped knowledge answers, with a passage longer than an excerpt. */
export const ALLIANCE_QUESTION = 'Is a formal alliance between Moscow and Beijing needed now?';

let answerer: Promise<Answerer> | undefined;
/** The answerer over ./knowledge, built once per test file. */
export function knowledgeAnswerer(): Promise<Answerer> {
  answerer ??= openKnowledge('knowledge').then((k) => k.answerer);
  return answerer;
}

/** A pino logger (at trace level by default: Bolt's wire trace included) whose JSON lines are kept in `lines`. */
export function captureLogger(level = 'trace'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => void lines.push(line) },
    redact: REDACT_PATHS,
  });
  return { logger, lines };
}

export interface Harness {
  readonly bot: SlackBot;
  readonly service: BotService;
  readonly log: MemoryQuestionLog;
  readonly lines: string[];
}

/** Builds (does not start) the Slack bot against `fake`, with a real service and gate. */
export async function buildBot(
  fake: FakeSlack,
  options: {
    mode: 'socket' | 'http';
    gate?: Partial<GateOptions>;
    now?: () => number;
    bodyLimit?: number;
    signingSecret?: string;
    command?: string;
  },
): Promise<Harness> {
  const a = await knowledgeAnswerer();
  const log = new MemoryQuestionLog();
  const service = new BotService({
    answerer: () => a,
    gate: new Gate({ questions: 1000, windowSeconds: 60, ...options.gate }),
    log,
  });
  const { logger, lines } = captureLogger();
  const { retryConfig } = fake.clientOptions();
  const botOptions: SlackBotOptions = {
    service,
    botToken: BOT_TOKEN,
    apiUrl: fake.apiUrl,
    logger,
    retryConfig,
    ...(options.mode === 'socket'
      ? { appToken: APP_TOKEN }
      : { signingSecret: options.signingSecret ?? SIGNING_SECRET }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.command === undefined ? {} : { command: options.command }),
  };
  const bot = await createSlackBot(botOptions);
  return { bot, service, log, lines };
}

/** Log lines at warn (40) or above. */
export function problems(lines: readonly string[]): string[] {
  return lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 40);
}

/** All mrkdwn text of a message's blocks, joined. */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** The buttons of a message (accessories and actions), in order. */
export function buttonsOf(blocks: unknown): Array<{ action_id: string; value: string; text: { text: string } }> {
  const out: Array<{ action_id: string; value: string; text: { text: string } }> = [];
  for (const b of blocks as Array<Record<string, unknown>>) {
    const accessory = b.accessory as { type?: string } | undefined;
    if (accessory?.type === 'button') out.push(accessory as never);
    if (b.type === 'actions') out.push(...(b.elements as never[]));
  }
  return out;
}

/**
 * A started Socket Mode bot against a fresh fake Slack for the tests of one `describe`: started before them,
 * the fake's record cleared before each, both stopped after. Read `fake` and `h` inside the tests.
 */
export function startedSocketBot(gate: Partial<GateOptions>): { fake: FakeSlack; h: Harness } {
  const state = {} as { fake: FakeSlack; h: Harness };
  beforeAll(async () => {
    state.fake = await FakeSlack.start();
    state.h = await buildBot(state.fake, { mode: 'socket', gate });
    await state.h.bot.start();
  });
  beforeEach(() => state.fake.reset());
  afterAll(async () => {
    await state.h.bot.stop();
    await state.fake.close();
  });
  return state;
}

/** What a Slack user reads of a message as `/ask` renders it: the blocks' text and the button labels, mrkdwn and escapes undone. */
export function slackWords(message: Message): { text: string; labels: string[] } {
  const { blocks } = renderSlack(message, { share: true, question: 'plain' });
  const text = blockText(blocks.filter((b) => b.type !== 'actions').map((b) => ({ ...b, accessory: undefined })))
    .replace(/<https?:\/\/[^|>]+\|([^>]*)>/g, '$1')
    .replace(/^> /gm, '')
    .replace(/(^|[\s(])[*_`]+|[*_`]+(?=[\s)·.,:;!?]|$)/gm, '$1');
  const unescape = (t: string): string => t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  return { text: unescape(text), labels: buttonsOf(blocks).map((b) => unescape(b.text.text)) };
}

/** Shared set-up for the Telegram tests: a real BotService and Gate over the shipped knowledge, the real grammY bot against the fake Bot API. */
import { BotService } from '../../../src/bot-service.js';
import { Gate, type GateOptions } from '../../../src/gate.js';
import { createTelegramBot, type TelegramBot } from '../../../adapters/telegram/bot.js';
import { essayAnswerer } from '../../helpers/essay.js';
import { capturingLogger } from '../../helpers/logs.js';
import { MemoryQuestionLog } from '../../helpers/memory-log.js';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';

export const TOKEN = '123456789:AAE-fake_token_for_tests_only_0123456';
export const SECRET = 'webhook-secret_42';

export interface Harness {
  readonly fake: FakeTelegram;
  readonly bot: TelegramBot;
  readonly service: BotService;
  readonly log: MemoryQuestionLog;
  readonly logs: () => string;
  close(): Promise<void>;
}

/** Starts the fake and the bot (polling unless `mode` says webhook). */
export async function startHarness(
  options: { mode?: 'polling' | 'webhook'; gate?: Partial<GateOptions> } = {},
): Promise<Harness> {
  const fake = await startFakeTelegram({ token: TOKEN });
  const answerer = await essayAnswerer();
  const log = new MemoryQuestionLog();
  const service = new BotService({
    answerer: () => answerer,
    gate: new Gate({ questions: 1000, windowSeconds: 60, ...options.gate }),
    log,
  });
  const { logger, text } = capturingLogger('trace');
  const bot = createTelegramBot({
    service,
    token: TOKEN,
    apiUrl: fake.apiRoot,
    logger,
    mode: options.mode ?? 'polling',
    webhookSecret: SECRET,
    webhookUrl: 'https://bot.example.org/telegram/webhook',
    pollSeconds: 1,
  });
  await bot.start();
  return {
    fake,
    bot,
    service,
    log,
    logs: text,
    close: async () => {
      await bot.stop();
      await fake.close();
    },
  };
}

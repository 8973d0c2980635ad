import type { Logger } from 'pino';
import type { Answerer } from '../../../src/answer/answer.js';
import { BotService, type ServicePort } from '../../../src/bot-service.js';
import { Gate, type GateOptions } from '../../../src/gate.js';
import { REDACT_PATHS } from '../../../adapters/config.js';
import { createLogger } from '../../../src/logger.js';
import { openKnowledge } from '../../../src/open-knowledge.js';
import { MemoryQuestionLog as MemoryLog } from '../../helpers/memory-log.js';

let shared: Promise<Answerer> | undefined;

/** The answerer over the shipped knowledge, loaded once per test file. */
export function knowledgeAnswerer(): Promise<Answerer> {
  shared ??= openKnowledge('knowledge').then(({ answerer }) => answerer);
  return shared;
}

/** A real BotService over the shipped knowledge, with a memory log and the given gate (100 actions a minute unless said: cite, topics and buttons count too). */
export async function realService(
  gate: Partial<GateOptions> = {},
): Promise<{ service: BotService; log: MemoryLog; answerer: Answerer }> {
  const answerer = await knowledgeAnswerer();
  const log = new MemoryLog();
  const service = new BotService({
    answerer: () => answerer,
    gate: new Gate({ questions: 100, windowSeconds: 60, ...gate }),
    log,
  });
  return { service, log, answerer };
}

/**
 * The service's port with some of its methods replaced, the others calling
 * the real service (whose private state a prototype copy could not reach).
 */
export function overriding(service: BotService, overrides: Partial<ServicePort>): ServicePort {
  return {
    ask: (request) => service.ask(request),
    admit: (asker, options) => service.admit(asker, options),
    cite: (address) => service.cite(address),
    topics: () => service.topics(),
    complete: (partial) => service.complete(partial),
    completeAddress: (partial) => service.completeAddress(partial),
    feedback: (asker, answerId, vote, address) => service.feedback(asker, answerId, vote, address),
    track: (work) => service.track(work),
    ...overrides,
  };
}

/** The service with each answer `ms` later, to drive the deferral path. */
export function slowed(service: BotService, ms: number): ServicePort {
  return overriding(service, {
    ask: async (request) => {
      await sleep(ms);
      return service.ask(request);
    },
  });
}

/** A pino logger (with the production redaction) whose lines are kept in memory. */
export function memoryLogger(): { logger: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
    redact: REDACT_PATHS,
  });
  return { logger, lines, text: () => lines.join('') };
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The shape of an interaction callback or message body, loosely typed for assertions. */
export interface MessageBody {
  content?: string;
  flags?: number;
  embeds?: Array<{
    title?: string;
    description?: string;
    fields?: Array<{ name: string; value: string }>;
    footer?: { text: string };
  }>;
  components?: Array<{ type: number; components: Array<{ custom_id: string; label?: string; disabled?: boolean }> }>;
  choices?: Array<{ name: string; value: string }>;
  allowed_mentions?: unknown;
}

export interface CallbackBody {
  type: number;
  data?: MessageBody;
}

/** Every custom_id in a message body. */
export function customIds(body: MessageBody | undefined): string[] {
  return (body?.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
}

import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ServicePort } from '../../src/bot-service.js';
import { errorForLog } from '../../src/logger.js';
import { failureReason, type BotMetrics } from '../../src/metrics.js';
import type { Dedupe } from '../../src/store/dedupe.js';
import { registerButtons } from './button-handlers.js';
import { registerConversations, type Listening } from './conversation.js';
import { SLACK_PLATFORM } from './reply.js';

/** What the listeners need: the core's port, a logger, and the memory of events already handled. */
export interface SlackHandlerDeps {
  readonly service: ServicePort;
  readonly logger: Logger;
  /** Event ids already handled: this process's memory, or Redis shared by every replica. */
  readonly dedupe: Dedupe;
  /** The slash command, as named in the app's settings (SLACK_COMMAND). Default `/ask`. */
  readonly command?: string;
  /** Counts replies Slack did not take. */
  readonly metrics?: Pick<BotMetrics, 'deliveryFailed'>;
}

/**
 * Registers every listener the bot needs on a Bolt app: the slash command
 * (SLACK_COMMAND), mentions, DMs, the Home tab and the buttons, plus dedupe
 * of retried events. Every action passes the core's gate: questions through
 * `ask`, everything else through `admit` first.
 *
 * @see https://docs.slack.dev/tools/bolt-js/concepts/acknowledge
 * @see https://docs.slack.dev/apis/events-api/#retries
 */
export function registerSlackHandlers(app: App, deps: SlackHandlerDeps): void {
  const { service, logger: log, dedupe } = deps;
  const listening: Listening = {
    service,
    log,
    command: deps.command ?? '/ask',
    failed: (error) => deps.metrics?.deliveryFailed?.(SLACK_PLATFORM, failureReason(error)),
  };

  // Shutdown waits for every request being handled, replies included.
  app.use(({ next }) => service.track(next()));

  app.use(async ({ body, context, next }) => {
    const { type, event_id: eventId } = body as { type?: unknown; event_id?: unknown };
    if (type === 'event_callback' && typeof eventId === 'string' && !(await dedupe.firstTime(`slack:${eventId}`))) {
      log.info({ eventId, retryNum: context.retryNum }, 'slack: ignored an event already handled (a retry)');
      return;
    }
    await next();
  });

  registerConversations(app, listening);
  registerButtons(app, listening);

  app.error(async (error) => {
    log.error({ err: errorForLog(error) }, 'slack: unhandled error in a listener');
  });
}

import type { Logger } from 'pino';
import type { BotService } from '../../src/bot-service.js';
import type { Asker } from '../../src/gate.js';
import { forLog } from '../../src/logger.js';
import type { SlackMessage } from './blocks.js';
import { renderAnswer, renderCite, renderHelp, renderNotice, renderTopics, type AnswerView } from './render.js';
import type { SlackRequest } from './request.js';

/** The platform name the core sees for Slack (rate limits, metrics, the question log). */
export const SLACK_PLATFORM = 'slack';

/** What the user sees when something fails; the details go to the logs. */
export const SORRY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** A message to send, and whether the whole conversation may see it (refusals are for the asker only). */
export interface Reply {
  readonly message: SlackMessage;
  readonly public: boolean;
}

/** Who asks, in Slack's terms: the gate counts per user and checks the channel (and workspace) allow-lists. */
export function slackAsker(userId: string, channelId: string | undefined, teamId: string | undefined): Asker {
  return {
    platform: SLACK_PLATFORM,
    userId,
    ...(channelId === undefined ? {} : { channelId }),
    ...(teamId === undefined ? {} : { spaceId: teamId }),
  };
}

/**
 * Answers one request through the core and renders the reply. Every kind
 * passes the gate (rate limit, allow-lists) first: questions through
 * `BotService.ask`, help, topics and cite through `BotService.admit`; a
 * refusal becomes a short notice for the asker alone.
 */
export async function replyTo(
  service: BotService,
  logger: Logger,
  request: SlackRequest,
  asker: Asker,
  view: Omit<AnswerView, 'answerId'>,
  command = '/ask',
): Promise<Reply> {
  if (request.kind !== 'ask') {
    const refused = await service.admit(asker);
    if (refused !== undefined) return { message: renderNotice(refused.message), public: false };
  }
  switch (request.kind) {
    case 'help':
      return { message: renderHelp(command), public: true };
    case 'topics':
      return { message: renderTopics(service.topics(), command), public: true };
    case 'cite':
      return { message: renderCite(service.cite(request.address)), public: true };
    case 'ask': {
      const reply = await service.ask({ asker, question: request.question });
      // The log line's fields cost a hash and a scan of the question: built only when the line is written.
      const info = logger.isLevelEnabled('info');
      if (reply.kind === 'refused') {
        if (info) logger.info({ user: service.hashUser(asker), reason: reply.reason }, 'slack: question refused');
        return { message: renderNotice(reply.message), public: false };
      }
      if (info)
        logger.info(
          {
            user: service.hashUser(asker),
            outcome: reply.answer.outcome,
            answerId: reply.answerId,
            question: forLog(reply.answer.question),
          },
          'slack: question answered',
        );
      return { message: renderAnswer(reply.answer, { ...view, answerId: reply.answerId }), public: true };
    }
  }
}

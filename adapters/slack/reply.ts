import type { Logger } from 'pino';
import type { Refusal, ServicePort } from '../../src/bot-service.js';
import type { Asker } from '../../src/gate.js';
import { forLog } from '../../src/logger.js';
import { answerMessage, citeMessage, helpMessage, notice, topicsMessage } from '../../src/message/build.js';
import type { Message, NoticeMessage } from '../../src/message/model.js';
import type { SlackRequest } from './request.js';

/** The platform name the core sees for Slack (rate limits, metrics, the question log). */
export const SLACK_PLATFORM = 'slack';

/** A message to send, and whether the whole conversation may see it (refusals are for the asker only). */
export interface Reply {
  readonly message: Message;
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

/** A refusal from the gate, as the message the asker alone sees. */
export function refusal(refused: Refusal): NoticeMessage {
  return notice(refused.message, 'refusal');
}

/**
 * The help, with the slash command as the workspace named it.
 *
 * @example
 * slackHelp('/ask').lines[0] // '/ask <question>: ask a question'
 */
export function slackHelp(command: string): NoticeMessage {
  return helpMessage([
    [`${command} <question>`, 'ask'],
    [`${command} cite <address>`, 'cite'],
    [`${command} topics`, 'topics'],
    [`${command} help`, 'help'],
    ['', 'thread'],
    ['', 'private'],
  ]);
}

/**
 * Runs an action other than asking (help, topics, cite, a button, the Home
 * tab) once the gate lets the asker through; otherwise the refusal, for the
 * asker alone.
 */
export async function admitted(service: ServicePort, asker: Asker, action: () => Message): Promise<Reply> {
  const refused = await service.admit(asker);
  return refused === undefined ? { message: action(), public: true } : { message: refusal(refused), public: false };
}

/**
 * Answers one request (from `/ask …`, a mention or a DM) through the core:
 * a question through `ServicePort.ask`, which passes the gate itself;
 * help, topics and cite through `admitted`.
 */
export async function replyTo(
  service: ServicePort,
  logger: Logger,
  request: SlackRequest,
  asker: Asker,
  command: string,
): Promise<Reply> {
  switch (request.kind) {
    case 'help':
      return admitted(service, asker, () => slackHelp(command));
    case 'topics':
      return admitted(service, asker, () => topicsMessage(service.topics()));
    case 'cite':
      return admitted(service, asker, () => citeMessage(service.cite(request.address)));
    case 'ask': {
      const reply = await service.ask({ asker, question: request.question });
      if (reply.kind === 'refused') {
        logger.info({ reason: reply.reason }, 'slack: question refused');
        return { message: refusal(reply), public: false };
      }
      // The question is scanned for the log only when the line is written.
      if (logger.isLevelEnabled('info'))
        logger.info(
          { outcome: reply.answer.outcome, answerId: reply.answerId, question: forLog(reply.answer.question) },
          'slack: question answered',
        );
      return { message: answerMessage(reply.answer, reply.answerId), public: true };
    }
  }
}

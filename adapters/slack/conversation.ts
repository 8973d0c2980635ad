import type { App, SlackCommandMiddlewareArgs, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ServicePort } from '../../src/bot-service.js';
import { errorForLog } from '../../src/logger.js';
import { notice, topicsMessage } from '../../src/message/build.js';
import { STRINGS } from '../../src/message/strings.js';
import type { SlackMessage } from './blocks.js';
import { renderHome } from './home.js';
import { fromSlackText, withoutMention } from './mrkdwn.js';
import { renderSlack } from './render.js';
import { refusal, replyTo, slackAsker, slackHelp } from './reply.js';
import { parseRequest } from './request.js';

/** What every listener shares: the core's port, the logger, the slash command's name, and a failure counter. */
export interface Listening {
  readonly service: ServicePort;
  readonly log: Logger;
  readonly command: string;
  /** Counts a reply Slack did not take. */
  readonly failed: (error: unknown) => void;
}

/** Where a mention or a DM came from, and where the reply goes. */
interface Where {
  readonly channel: string;
  readonly user: string;
  readonly team: string | undefined;
  readonly thread_ts: string | undefined;
}

/** A rendered message in the shape the Web API and `respond()` take. */
export function payload(message: SlackMessage): { text: string; blocks: SlackMessage['blocks'] } {
  return { text: message.text, blocks: message.blocks };
}

/**
 * Registers the slash command (and any other name the workspace gave it),
 * mentions, DMs and the Home tab.
 *
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 * @see https://docs.slack.dev/reference/events/app_mention
 */
export function registerConversations(app: App, l: Listening): void {
  const slash = (args: SlackCommandMiddlewareArgs) => answerCommand(l, args);
  app.command(l.command, slash);
  // Slack sends an app only the commands set up in its settings, so any other name is one the workspace chose:
  // it is answered the same way, and the log says once that SLACK_COMMAND should name it.
  let warned = false;
  app.command(new RegExp(`^(?!${l.command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`), async (args) => {
    if (!warned) {
      warned = true;
      l.log.warn(
        { command: args.command.command, expected: l.command },
        'slack: answered a command that is not SLACK_COMMAND; set SLACK_COMMAND to it',
      );
    }
    await slash(args);
  });

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.user === undefined || event.bot_id !== undefined) return;
    const text = withoutMention(event.text, context.botUserId);
    const where = { channel: event.channel, user: event.user, team: body.team_id };
    await converse(l, client, { ...where, thread_ts: event.thread_ts ?? event.ts }, text);
  });

  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id !== undefined) return;
    const text = withoutMention(event.text ?? '', context.botUserId);
    const where = { channel: event.channel, user: event.user, team: body.team_id };
    await converse(l, client, { ...where, thread_ts: event.thread_ts }, text);
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    try {
      const asker = slackAsker(event.user, event.channel, body.team_id);
      // Opening the tab asks nothing: the allow-list is checked, the rate limit is not used up.
      const refused = await l.service.admit(asker, { count: false });
      const view =
        refused === undefined
          ? renderHome(slackHelp(l.command), topicsMessage(l.service.topics()))
          : renderHome(refusal(refused));
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      l.failed(error);
      l.log.warn({ err: errorForLog(error) }, 'slack: could not publish the Home tab');
    }
  });
}

/** Answers `/ask …` in the ack itself (one round trip, well within Slack's 3 s), for the asker alone. */
async function answerCommand(l: Listening, { command, ack }: SlackCommandMiddlewareArgs): Promise<void> {
  let message: SlackMessage;
  try {
    const asker = slackAsker(command.user_id, command.channel_id, command.team_id);
    const request = parseRequest(fromSlackText(command.text));
    // The help names the command as it was typed.
    const reply = await replyTo(l.service, l.log, request, asker, command.command);
    message = renderSlack(reply.message, { share: true, question: 'plain' });
  } catch (error) {
    l.log.error({ err: errorForLog(error), command: command.command }, 'slack: slash command failed');
    message = renderSlack(notice(STRINGS.failed, 'error'));
  }
  await ack({ response_type: 'ephemeral', ...payload(message) });
}

/**
 * Answers a mention (in its thread) or a DM: in the open when the gate lets
 * it through, ephemerally to the asker when it does not (a DM too: Slack
 * allows ephemeral messages there); a failure becomes a short ephemeral line.
 *
 * @see https://docs.slack.dev/reference/methods/chat.postEphemeral
 */
async function converse(l: Listening, client: webApi.WebClient, where: Where, typed: string): Promise<void> {
  const thread = where.thread_ts === undefined ? {} : { thread_ts: where.thread_ts };
  try {
    const asker = slackAsker(where.user, where.channel, where.team);
    const reply = await replyTo(l.service, l.log, parseRequest(fromSlackText(typed)), asker, l.command);
    const message = payload(renderSlack(reply.message));
    if (reply.public) {
      const quiet = { unfurl_links: false, unfurl_media: false };
      await client.chat.postMessage({ channel: where.channel, ...thread, ...message, ...quiet });
    } else {
      await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...thread, ...message });
    }
  } catch (error) {
    l.failed(error);
    l.log.error({ err: errorForLog(error), channel: where.channel }, 'slack: could not answer a message');
    try {
      await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...thread, text: STRINGS.failed });
    } catch (again) {
      l.failed(again);
      l.log.error({ err: errorForLog(again) }, 'slack: could not tell the user about the failure');
    }
  }
}

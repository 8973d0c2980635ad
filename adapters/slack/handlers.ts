import type {
  App,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import type { BotService } from '../../src/bot-service.js';
import { failureReason, type BotMetrics } from '../../src/metrics.js';
import type { SlackMessage } from './blocks.js';
import { ACTIONS, decodePageValue, decodePassageValue, decodeVoteValue } from './buttons.js';
import type { Dedupe } from '../../src/store/dedupe.js';
import { renderHome } from './home.js';
import { fromSlackText, withoutMention } from './mrkdwn.js';
import { renderAnswer, renderCite, renderNotice } from './render.js';
import { SLACK_PLATFORM, SORRY, replyTo, slackAsker } from './reply.js';
import { parseRequest, type SlackRequest } from './request.js';
import { errorForLog } from '../../src/logger.js';

/** What the listeners need: the core, a logger, and the memory of events already handled. */
export interface SlackHandlerDeps {
  readonly service: BotService;
  readonly logger: Logger;
  /** Event ids already handled: this process's memory, or Redis shared by every replica. */
  readonly dedupe: Dedupe;
  /** The slash command, as named in the app's settings (SLACK_COMMAND). Default `/ask`. */
  readonly command?: string;
  /** Counts replies Slack did not take. */
  readonly metrics?: Pick<BotMetrics, 'deliveryFailed'>;
}

const EXPIRED = 'That button no longer works. Please ask again.';

/** A rendered message in the shape the Web API and `respond()` take. */
function payload(message: SlackMessage): { text: string; blocks: SlackMessage['blocks'] } {
  return { text: message.text, blocks: message.blocks };
}

/**
 * Registers every listener the bot needs on a Bolt app: the slash command
 * (SLACK_COMMAND), mentions, DMs, the Home tab and the buttons, plus dedupe
 * of retried events. Each command and
 * action is acked before any slow work.
 *
 * @see https://docs.slack.dev/tools/bolt-js/concepts/acknowledge
 * @see https://docs.slack.dev/apis/events-api/#retries
 */
export function registerSlackHandlers(app: App, deps: SlackHandlerDeps): void {
  const { service, logger: log, dedupe } = deps;
  const name = deps.command ?? '/ask';
  const failed = (error: unknown): void => deps.metrics?.deliveryFailed?.(SLACK_PLATFORM, failureReason(error));

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

  const slash = async ({ command, ack }: SlackCommandMiddlewareArgs): Promise<void> => {
    let message: SlackMessage;
    try {
      const asker = slackAsker(command.user_id, command.channel_id, command.team_id);
      const request = parseRequest(fromSlackText(command.text));
      message = (await replyTo(service, log, request, asker, { share: true, question: 'plain' }, command.command))
        .message;
    } catch (error) {
      log.error({ err: errorForLog(error), command: command.command }, 'slack: slash command failed');
      message = renderNotice(SORRY);
    }
    // The answer is the ack itself: one round trip, well within Slack's 3 s.
    await ack({ response_type: 'ephemeral', ...payload(message) });
  };
  app.command(name, slash);
  // Slack sends an app only the commands set up in its settings, so any other name is one the workspace chose:
  // it is answered the same way, and the log says once that SLACK_COMMAND should name it.
  let warned = false;
  app.command(new RegExp(`^(?!${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`), async (args) => {
    if (!warned) {
      warned = true;
      log.warn(
        { command: args.command.command, expected: name },
        'slack: answered a command that is not SLACK_COMMAND; set SLACK_COMMAND to it',
      );
    }
    await slash(args);
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: renderHome(service.topics(), name) });
    } catch (error) {
      failed(error);
      log.warn({ err: errorForLog(error) }, 'slack: could not publish the Home tab');
    }
  });

  const converse = async (
    client: webApi.WebClient,
    where: { channel: string; user: string; thread_ts?: string | undefined; dm: boolean; team?: string | undefined },
    request: SlackRequest,
  ): Promise<void> => {
    const thread = where.thread_ts === undefined ? {} : { thread_ts: where.thread_ts };
    try {
      const reply = await replyTo(service, log, request, slackAsker(where.user, where.channel, where.team), {}, name);
      if (reply.public || where.dm) {
        await client.chat.postMessage({
          channel: where.channel,
          ...thread,
          ...payload(reply.message),
          unfurl_links: false,
          unfurl_media: false,
        });
      } else {
        await client.chat.postEphemeral({
          channel: where.channel,
          user: where.user,
          ...thread,
          ...payload(reply.message),
        });
      }
    } catch (error) {
      failed(error);
      log.error({ err: errorForLog(error), channel: where.channel }, 'slack: could not answer a message');
      try {
        await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...thread, text: SORRY });
      } catch (again) {
        failed(again);
        log.error({ err: errorForLog(again) }, 'slack: could not tell the user about the failure');
      }
    }
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.user === undefined || event.bot_id !== undefined) return;
    const text = fromSlackText(withoutMention(event.text, context.botUserId));
    await converse(
      client,
      {
        channel: event.channel,
        user: event.user,
        thread_ts: event.thread_ts ?? event.ts,
        dm: false,
        team: body.team_id,
      },
      parseRequest(text),
    );
  });

  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id !== undefined) return;
    const text = fromSlackText(withoutMention(event.text ?? '', context.botUserId));
    await converse(
      client,
      { channel: event.channel, user: event.user, thread_ts: event.thread_ts, dm: true, team: body.team_id },
      parseRequest(text),
    );
  });

  type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
  /** Acks at once, then runs the action; a failure reaches the user as a short ephemeral message. */
  const onButton = (name: string, run: (args: ButtonArgs) => Promise<void>) => async (args: ButtonArgs) => {
    await args.ack();
    try {
      await run(args);
    } catch (error) {
      log.error({ err: errorForLog(error), action: name }, 'slack: button failed');
      await tell(args.respond, SORRY);
    }
  };
  const tell = async (respond: RespondFn, text: string): Promise<void> => {
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, ...payload(renderNotice(text)) });
    } catch (error) {
      failed(error);
      log.warn({ err: errorForLog(error) }, 'slack: could not reply through the response_url');
    }
  };
  const askerOf = (body: BlockAction) => slackAsker(body.user.id, body.channel?.id, body.team?.id);

  const page = onButton('page', async ({ body, action, respond }) => {
    const value = decodePageValue(action.value);
    if (value === undefined) return tell(respond, EXPIRED);
    const reply = await service.ask({ asker: askerOf(body), question: value.q, page: value.p });
    if (reply.kind === 'refused') return tell(respond, reply.message);
    const ephemeral = body.container['is_ephemeral'] === true;
    const view = ephemeral
      ? { answerId: value.id, share: true, question: 'plain' as const }
      : { answerId: value.id, ...(value.s === undefined ? {} : { question: { sharedBy: value.s } }) };
    await respond({ replace_original: true, ...payload(renderAnswer(reply.answer, view)) });
  });
  app.action<BlockAction<ButtonAction>>(ACTIONS.previous, page);
  app.action<BlockAction<ButtonAction>>(ACTIONS.next, page);

  app.action<BlockAction<ButtonAction>>(
    ACTIONS.share,
    onButton('share', async ({ body, action, respond }) => {
      const value = decodePageValue(action.value);
      if (value === undefined) return tell(respond, EXPIRED);
      const reply = await service.ask({ asker: askerOf(body), question: value.q, page: value.p });
      if (reply.kind === 'refused') return tell(respond, reply.message);
      const view = { answerId: value.id, question: { sharedBy: body.user.id } };
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        ...payload(renderAnswer(reply.answer, view)),
      });
      await respond({ delete_original: true });
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ACTIONS.fullPassage,
    onButton('full_passage', async ({ action, respond }) => {
      const value = decodePassageValue(action.value);
      if (value === undefined) return tell(respond, EXPIRED);
      const message = renderCite(service.cite(value.a));
      await respond({ response_type: 'ephemeral', replace_original: false, ...payload(message) });
    }),
  );

  const vote = onButton('vote', async ({ body, action, respond }) => {
    const value = decodeVoteValue(action.value);
    if (value === undefined) return tell(respond, EXPIRED);
    service.feedback(askerOf(body), value.id, value.v, value.a);
    log.info({ answerId: value.id, vote: value.v }, 'slack: feedback recorded');
    await tell(respond, `Thanks! Your ${value.v === 'up' ? '👍' : '👎'} is recorded.`);
  });
  app.action<BlockAction<ButtonAction>>(ACTIONS.voteUp, vote);
  app.action<BlockAction<ButtonAction>>(ACTIONS.voteDown, vote);

  // Any other button (an older version's, say): acked, so Slack shows no error, and answered briefly.
  const others = new RegExp(`^(?!(?:${Object.values(ACTIONS).join('|')})$)`);
  app.action<BlockAction<ButtonAction>>(
    others,
    onButton('unknown', async ({ respond }) => tell(respond, EXPIRED)),
  );

  app.error(async (error) => {
    log.error({ err: errorForLog(error) }, 'slack: unhandled error in a listener');
  });
}

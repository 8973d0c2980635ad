import type { App, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorForLog } from '../../src/logger.js';
import { answerMessage, citeMessage, notice } from '../../src/message/build.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import type { SlackView } from './actions.js';
import { ACTIONS, decodePageValue, decodePassageValue, decodeVoteValue } from './buttons.js';
import { payload, type Listening } from './conversation.js';
import { renderSlack } from './render.js';
import { refusal, slackAsker } from './reply.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
/** What a button does once the gate has let its presser through. */
type Press = (args: ButtonArgs, l: Listening) => Promise<void>;

/**
 * Registers the buttons: Previous and Next, Share, Full passage, 👍 and 👎,
 * and any other (an older version's), which is answered as stale. Each is
 * acked at once; then the presser passes the gate (`admit`) before anything
 * else happens; a refusal or a failure reaches them as a short ephemeral message.
 *
 * @see https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
export function registerButtons(app: App, l: Listening): void {
  const on = (id: string | RegExp, name: string, press: Press): void =>
    void app.action<BlockAction<ButtonAction>>(id, gated(l, name, press));
  on(ACTIONS.previous, 'page', page);
  on(ACTIONS.next, 'page', page);
  on(ACTIONS.share, 'share', share);
  on(ACTIONS.fullPassage, 'full_passage', fullPassage);
  on(ACTIONS.voteUp, 'vote', vote);
  on(ACTIONS.voteDown, 'vote', vote);
  // Any other button: acked, so Slack shows no error, and answered briefly.
  on(new RegExp(`^(?!(?:${Object.values(ACTIONS).join('|')})$)`), 'unknown', (args, ll) =>
    tell(ll, args.respond, notice(STRINGS.staleButton)),
  );
}

/** Acks, asks the gate, then presses; a refusal or a failure is told to the presser alone. */
function gated(l: Listening, name: string, press: Press) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    try {
      // A further page is not a new question: it checks the allow-list without using up the rate limit.
      const refused = await l.service.admit(askerOf(args.body), { count: name !== 'page' });
      if (refused !== undefined) return await tell(l, args.respond, refusal(refused));
      await press(args, l);
    } catch (error) {
      l.log.error({ err: errorForLog(error), action: name }, 'slack: button failed');
      await tell(l, args.respond, notice(STRINGS.failed, 'error'));
    }
  };
}

function askerOf(body: BlockAction) {
  return slackAsker(body.user.id, body.channel?.id, body.team?.id);
}

/** An ephemeral reply through the response_url, beside the message whose button was pressed. */
async function tell(l: Listening, respond: RespondFn, message: Message): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, ...payload(renderSlack(message)) });
  } catch (error) {
    l.failed(error);
    l.log.warn({ err: errorForLog(error) }, 'slack: could not reply through the response_url');
  }
}

/** Previous or Next: the page, in place of the message, shown as it was (ephemeral, or shared by someone). */
const page: Press = async ({ body, action, respond }, l) => {
  const value = decodePageValue(action.value);
  if (value === undefined) return tell(l, respond, notice(STRINGS.staleButton));
  const reply = await l.service.ask({ asker: askerOf(body), question: value.q, page: value.p });
  if (reply.kind === 'refused') return tell(l, respond, refusal(reply));
  const view: SlackView =
    body.container['is_ephemeral'] === true
      ? { share: true, question: 'plain' }
      : value.s === undefined
        ? {}
        : { question: { sharedBy: value.s } };
  await respond({ replace_original: true, ...payload(renderSlack(answerMessage(reply.answer, value.id), view)) });
};

/** Share: the answer posted in the channel, saying who shared it; the ephemeral one removed. */
const share: Press = async ({ body, action, respond }, l) => {
  const value = decodePageValue(action.value);
  if (value === undefined) return tell(l, respond, notice(STRINGS.staleButton));
  const reply = await l.service.ask({ asker: askerOf(body), question: value.q, page: value.p });
  if (reply.kind === 'refused') return tell(l, respond, refusal(reply));
  const message = renderSlack(answerMessage(reply.answer, value.id), { question: { sharedBy: body.user.id } });
  await respond({ response_type: 'in_channel', replace_original: false, ...payload(message) });
  await respond({ delete_original: true });
};

/** Full passage: the whole passage, for the presser alone. */
const fullPassage: Press = async ({ action, respond }, l) => {
  const value = decodePassageValue(action.value);
  if (value === undefined) return tell(l, respond, notice(STRINGS.staleButton));
  const message = renderSlack(citeMessage(l.service.cite(value.a)));
  await respond({ response_type: 'ephemeral', replace_original: false, ...payload(message) });
};

/** 👍 or 👎: recorded against the answer (and its top passage), with thanks. */
const vote: Press = async ({ body, action, respond }, l) => {
  const value = decodeVoteValue(action.value);
  if (value === undefined) return tell(l, respond, notice(STRINGS.staleButton));
  l.service.feedback(askerOf(body), value.id, value.v, value.a);
  l.log.info({ answerId: value.id, vote: value.v }, 'slack: feedback recorded');
  await tell(l, respond, notice(value.v === 'up' ? STRINGS.thanksUp : STRINGS.thanksDown));
};

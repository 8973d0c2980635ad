import { InteractionResponseType, MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { ServicePort } from '../../src/bot-service.js';
import type { Asker } from '../../src/gate.js';
import { errorForLog, forLog } from '../../src/logger.js';
import { answerMessage, citeMessage, notice as noticeOf, topicsMessage } from '../../src/message/build.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { parseAction, type ButtonAction } from './custom-id.js';
import { messageResponse, type DiscordInteraction, type InteractionResponse } from './interaction.js';
import type { DiscordMessage } from './message.js';
import { renderChoices } from './render-reference.js';
import { questionOf, renderDiscord, type DiscordView } from './render.js';

export interface InteractionHandlerOptions {
  /** The core: every action passes its gate (`ask`, or `admit` first) before anything else. */
  readonly service: ServicePort;
  readonly logger: Logger;
  /** Citations per page of an answer. Default 3. */
  readonly perPage?: number;
}

/** What to send for an interaction: the response, then any follow-up messages. */
export interface HandledInteraction {
  readonly response: InteractionResponse;
  /** Messages to post after the response (`POST /webhooks/{app}/{token}`), e.g. the public copy of a posted answer. */
  readonly followUps?: readonly DiscordMessage[];
  /** An edit of the message the interaction is on (`@original`), made only once every follow-up was posted. */
  readonly thenEdit?: DiscordMessage;
}

/** Answers one normalized interaction. It never throws: failures become a short ephemeral message. */
export type InteractionHandler = (interaction: DiscordInteraction) => Promise<HandledInteraction>;

/** A message of the model as a new message (or, with `how: 'update'`, an edit of the clicked one). */
const respond = (message: Message, view: DiscordView = {}, how: 'reply' | 'update' = 'reply'): InteractionResponse =>
  messageResponse(renderDiscord(message, view), how);
/** A short private notice: a refusal, a thank-you, a stale button. */
const notice = (text: string, tone: 'info' | 'refusal' | 'error' = 'info'): InteractionResponse =>
  respond(noticeOf(text, tone));

/**
 * The one interaction handler both modes use: `/ask`, `/cite`, `/topics`,
 * their autocomplete, and every button. It takes a normalized interaction
 * and returns the response to send; the gateway and HTTP shells only move
 * bytes. Button state comes from the custom_id and the clicked message,
 * never from memory.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding
 */
export function createInteractionHandler(options: InteractionHandlerOptions): InteractionHandler {
  const { service, logger } = options;
  const perPage = options.perPage ?? 3;

  const asker = (i: DiscordInteraction): Asker => ({
    platform: 'discord',
    userId: i.userId,
    ...(i.guildId === undefined ? {} : { spaceId: i.guildId }),
    ...(i.channelId === undefined ? {} : { channelId: i.channelId }),
  });

  /** The gate's refusal for an action other than asking, or undefined when it may go ahead. */
  const refusal = async (i: DiscordInteraction, count = true): Promise<string | undefined> =>
    (await service.admit(asker(i), { count }))?.message;

  const ask = async (i: DiscordInteraction): Promise<InteractionResponse> => {
    const question = typeof i.options['question'] === 'string' ? i.options['question'] : '';
    const wantsPublic = i.options['public'] === true;
    const ephemeral = !wantsPublic || !i.canPostPublicly;
    const reply = await service.ask({ asker: asker(i), question, perPage });
    // The same lines, at the same level and with the same fields, as the Slack adapter's.
    if (reply.kind === 'refused') {
      logger.info({ interaction: i.id, reason: reply.reason }, 'discord: question refused');
      return notice(reply.message, 'refusal');
    }
    if (logger.isLevelEnabled('info'))
      logger.info(
        { interaction: i.id, outcome: reply.answer.outcome, answerId: reply.answerId, question: forLog(question) },
        'discord: question answered',
      );
    const note = wantsPublic && !i.canPostPublicly ? { note: STRINGS.cannotPost } : {};
    return respond(answerMessage(reply.answer, reply.answerId), { ephemeral, postable: i.canPostPublicly, ...note });
  };

  const command = async (i: DiscordInteraction): Promise<InteractionResponse> => {
    if (i.name === 'ask') return ask(i);
    if (i.name !== 'cite' && i.name !== 'topics') return notice(STRINGS.unknownCommand);
    const refused = await refusal(i);
    if (refused !== undefined) return notice(refused, 'refusal');
    if (i.name === 'topics') return respond(topicsMessage(service.topics()));
    const address = typeof i.options['address'] === 'string' ? i.options['address'] : '';
    return respond(citeMessage(service.cite(address)));
  };

  const autocomplete = async (i: DiscordInteraction): Promise<InteractionResponse> => {
    const typed = i.focused === undefined ? '' : String(i.options[i.focused] ?? '');
    let items: Array<{ name: string; value: string }> = [];
    // Checked against the allow-lists only: a request comes per keystroke, and must not use up the rate limit.
    const refused = await refusal(i, false);
    if (refused === undefined && i.name === 'ask' && i.focused === 'question')
      items = service.complete(typed).map((s) => ({ name: s, value: s }));
    else if (refused === undefined && i.name === 'cite' && i.focused === 'address')
      items = service.completeAddress(typed).map((a) => ({ name: a.label, value: a.address }));
    return {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: renderChoices(items) },
    };
  };

  const button = async (
    i: DiscordInteraction,
    action: ButtonAction,
  ): Promise<InteractionResponse | HandledInteraction> => {
    // A further page is not rate limited (the core does not count it), but the allow-lists hold for it too.
    const refused = await refusal(i, action.kind !== 'page');
    if (refused !== undefined) return notice(refused, 'refusal');
    if (action.kind === 'vote') {
      if (action.address === undefined) service.feedback(asker(i), action.answerId, action.vote);
      else service.feedback(asker(i), action.answerId, action.vote, action.address);
      return notice(action.vote === 'up' ? STRINGS.thanksUp : STRINGS.thanksDown);
    }
    if (action.kind === 'full') return respond(citeMessage(service.cite(action.address)));
    const question = i.message === undefined ? undefined : questionOf({ embeds: [i.message] });
    if (question === undefined) return notice(STRINGS.staleButton);
    const reply = await service.ask({ asker: asker(i), question, page: action.page, perPage });
    if (reply.kind === 'refused') return notice(reply.message, 'refusal');
    const { answer } = reply;
    if (action.kind === 'full-at') {
      const citation = answer.citations[action.index];
      if (citation === undefined) return notice(STRINGS.staleButton);
      return respond(citeMessage({ found: true, citation, version: answer.version }));
    }
    if (action.kind === 'post') {
      if (!i.canPostPublicly) return notice(STRINGS.cannotPost);
      const message = answerMessage(answer, action.answerId);
      const copy = renderDiscord(message, { ephemeral: false });
      if (i.message?.ephemeral !== true) return messageResponse(copy);
      // Once posted, the private answer loses its "Share" (post to channel) button: one click, one public message.
      // Only once posted: when the post fails, the button stays for another try.
      const mine = renderDiscord(message, { ephemeral: true, posted: true });
      return { response: { type: InteractionResponseType.DeferredMessageUpdate }, followUps: [copy], thenEdit: mine };
    }
    // Paging edits a private answer in place; on a public one it shows the page to the clicker only.
    const page = answerMessage(answer, action.answerId);
    return respond(
      page,
      { ephemeral: true, postable: i.canPostPublicly },
      i.message?.ephemeral === true ? 'update' : 'reply',
    );
  };

  return async (i) => {
    const started = performance.now();
    let handled: HandledInteraction;
    try {
      let result: InteractionResponse | HandledInteraction;
      if (i.kind === 'ping') result = { type: InteractionResponseType.Pong };
      else if (i.kind === 'command') result = await command(i);
      else if (i.kind === 'autocomplete') result = await autocomplete(i);
      else if (i.kind === 'component') {
        const action = parseAction(i.name);
        result = action === undefined ? notice(STRINGS.staleButton) : await button(i, action);
      } else result = notice(STRINGS.unknownCommand);
      handled = 'response' in result ? result : { response: result };
    } catch (error) {
      logger.error(
        { interaction: i.id, kind: i.kind, err: errorForLog(error, [i.token]) },
        'discord: interaction failed',
      );
      handled = {
        response:
          i.kind === 'autocomplete'
            ? { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }
            : notice(STRINGS.failed, 'error'),
      };
    }
    const what = i.kind === 'component' ? (parseAction(i.name)?.kind ?? 'unknown') : i.name;
    logger[i.kind === 'autocomplete' ? 'debug' : 'info'](
      {
        interaction: i.id,
        kind: i.kind,
        what,
        response: handled.response.type,
        ms: Math.round(performance.now() - started),
      },
      'discord: interaction',
    );
    return handled;
  };
}

/**
 * The response to send first when the real one is late: "thinking…" for a
 * new message (ephemeral when the answer will be), or a silent
 * acknowledgement for an edit. `undefined` for autocomplete and PING, which
 * cannot be deferred.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export function deferralFor(i: DiscordInteraction): InteractionResponse | undefined {
  const thinking = (ephemeral: boolean): InteractionResponse =>
    ephemeral
      ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }
      : { type: InteractionResponseType.DeferredChannelMessageWithSource };
  if (i.kind === 'ping' || i.kind === 'autocomplete') return undefined;
  if (i.kind === 'command') return thinking(!(i.name === 'ask' && i.options['public'] === true && i.canPostPublicly));
  if (i.kind !== 'component') return thinking(true);
  const action = parseAction(i.name);
  if (action?.kind === 'post' && !i.canPostPublicly) return thinking(true);
  const onPrivate = i.message?.ephemeral === true;
  if ((action?.kind === 'page' || action?.kind === 'post') && onPrivate)
    return { type: InteractionResponseType.DeferredMessageUpdate };
  if (action?.kind === 'post') return thinking(false);
  return thinking(true);
}

import { InteractionResponseType, Routes, type REST, MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import { failureReason, type BotMetrics } from '../../src/metrics.js';
import type { DiscordInteraction, InteractionResponse } from './interaction.js';
import { errorForLog } from '../../src/logger.js';
import { deferralFor, type HandledInteraction, type InteractionHandler } from './interactions.js';
import { withoutFlags } from './message.js';

/** Discord allows 3 s for the first response; past this the bot defers and edits later. */
export const DEFAULT_DEFER_AFTER_MS = 1500;

export interface DeliveryOptions {
  /** Sends late edits and follow-ups (`/webhooks/{app}/{token}/…`, no bot token needed). */
  readonly rest: REST;
  readonly applicationId: string;
  readonly logger: Logger;
  /** Defer when no response is ready after this long. Default {@link DEFAULT_DEFER_AFTER_MS}. */
  readonly deferAfterMs?: number;
  /** Counts deferrals and replies Discord did not take. */
  readonly metrics?: Pick<BotMetrics, 'deferred' | 'deliveryFailed'>;
}

const LATE = Symbol('late');

/**
 * Answers one interaction within Discord's 3-second deadline. The handler's
 * response goes out through `initial` (the HTTP response body, or the
 * callback endpoint over the gateway) as soon as it is ready. If it is not
 * ready after `deferAfterMs`, `initial` sends a deferral instead and the
 * response follows as an edit of `@original` (or, when its visibility
 * differs from the deferral's, as a follow-up). Follow-up messages go out
 * last, then `thenEdit` if every one of them went out. Never throws; failures are logged without the token.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */
export async function deliver(
  interaction: DiscordInteraction,
  handler: InteractionHandler,
  initial: (response: InteractionResponse) => Promise<void>,
  options: DeliveryOptions,
): Promise<void> {
  const { logger } = options;
  const work = handler(interaction);
  const deferral = deferralFor(interaction);
  let step = 'respond';
  try {
    let timer: NodeJS.Timeout | undefined;
    const first =
      deferral === undefined
        ? await work
        : await Promise.race([
            work,
            new Promise<typeof LATE>((resolve) => {
              timer = setTimeout(() => resolve(LATE), options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
            }),
          ]);
    clearTimeout(timer);
    let handled: HandledInteraction;
    if (first !== LATE) {
      handled = first;
      await initial(handled.response);
    } else {
      step = 'defer';
      if (deferral === undefined) return;
      await initial(deferral);
      options.metrics?.deferred?.('discord');
      logger.info({ interaction: interaction.id }, 'discord: deferred a slow response');
      step = 'edit';
      handled = await work;
      await finishLate(interaction, deferral, handled.response, options);
    }
    step = 'follow-up';
    for (const message of handled.followUps ?? [])
      await options.rest.post(Routes.webhook(options.applicationId, interaction.token), { body: message, auth: false });
    if (handled.thenEdit !== undefined) {
      step = 'edit after follow-up';
      await options.rest.patch(Routes.webhookMessage(options.applicationId, interaction.token, '@original'), {
        body: withoutFlags(handled.thenEdit),
        auth: false,
      });
    }
  } catch (error) {
    options.metrics?.deliveryFailed?.('discord', failureReason(error));
    logger.warn(
      { interaction: interaction.id, step, err: errorForLog(error, [interaction.token]) },
      'discord: could not respond to an interaction',
    );
  }
}

async function finishLate(
  interaction: DiscordInteraction,
  deferral: InteractionResponse,
  final: InteractionResponse,
  { rest, applicationId }: DeliveryOptions,
): Promise<void> {
  if (
    final.type !== InteractionResponseType.ChannelMessageWithSource &&
    final.type !== InteractionResponseType.UpdateMessage
  )
    return;
  const original = Routes.webhookMessage(applicationId, interaction.token, '@original');
  const wantEphemeral = ((final.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const deferredEphemeral =
    deferral.type === InteractionResponseType.DeferredChannelMessageWithSource &&
    ((deferral.data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const editsOriginal =
    final.type === InteractionResponseType.UpdateMessage ||
    (deferral.type === InteractionResponseType.DeferredChannelMessageWithSource && wantEphemeral === deferredEphemeral);
  if (editsOriginal) {
    await rest.patch(original, { body: withoutFlags(final.data), auth: false });
    return;
  }
  // The "thinking…" message has the wrong visibility (a refusal after a public deferral): replace it.
  if (deferral.type === InteractionResponseType.DeferredChannelMessageWithSource)
    await rest.delete(original, { auth: false });
  await rest.post(Routes.webhook(applicationId, interaction.token), { body: final.data, auth: false });
}

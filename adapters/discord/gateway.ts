import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Routes, type ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { BotMetrics } from '../../src/metrics.js';
import { normalizeInteraction, type DiscordInteraction } from './interaction.js';
import { errorForLog } from '../../src/logger.js';
import type { ServicePort } from '../../src/bot-service.js';
import { createInteractionHandler } from './interactions.js';
import type { Dedupe } from '../../src/store/dedupe.js';
import { deliver } from './respond.js';

export interface DiscordGatewayOptions {
  /** Counts deferrals and replies Discord did not take. */
  readonly metrics?: Pick<BotMetrics, 'deferred' | 'deliveryFailed'>;
  /** The core; every interaction passes its gate (guild and channel allow-lists, rate limit). */
  readonly service: ServicePort;
  /** Bot token. Never logged. */
  readonly token: string;
  readonly applicationId: string;
  /** REST base, e.g. `https://discord.com/api` (DISCORD_API_URL). */
  readonly apiUrl: string;
  /** `auto`, or a number of shards run in this process (DISCORD_SHARDS). Default: one shard. */
  readonly shards?: 'auto' | number;
  /** This replica's slice of the shards (DISCORD_SHARD_IDS), out of `shardCount` (DISCORD_SHARD_COUNT). */
  readonly shardIds?: readonly number[];
  readonly shardCount?: number;
  /** Interaction ids already handled (a replayed dispatch is answered once). Default: none kept. */
  readonly dedupe?: Dedupe;
  readonly logger: Logger;
  /** Citations per page. Default 3. */
  readonly perPage?: number;
  /** Defer a response not ready after this long. Default 1500 ms. */
  readonly deferAfterMs?: number;
}

/** A running gateway connection. */
export interface DiscordGateway {
  /** Waits for responses in flight (up to 3 s), then closes the connection. */
  stop(): Promise<void>;
  /** Whether every shard is connected and READY. */
  isReady(): boolean;
}

/**
 * discord.js client options for a shard setting: `auto` asks Discord how
 * many shards to run, a number N runs shards 0…N-1 here; a slice (ids out
 * of a count) runs only those shards, so that replicas on several machines
 * share the gateway.
 *
 * @see https://discord.js.org/docs/packages/discord.js/main/ClientOptions:Interface#shards
 */
export function shardOptions(
  shards: 'auto' | number | undefined,
  slice?: { readonly ids: readonly number[]; readonly count: number },
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (slice !== undefined) return { shards: [...slice.ids], shardCount: slice.count };
  if (shards === undefined) return {};
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: shards }, (_, i) => i), shardCount: shards };
}

/**
 * Connects to Discord over the gateway with discord.js (Guilds intent only:
 * message content is never read) and answers every interaction with the
 * shared handler, through the REST callback endpoint. Mentions are off for
 * every message. Resolves once logged in; `isReady()` turns true on READY.
 *
 * @see https://discord.com/developers/docs/events/gateway
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 * @example
 * const gateway = await startDiscordGateway({ service, token, applicationId, apiUrl: 'https://discord.com/api', logger });
 * process.once('SIGTERM', () => void gateway.stop());
 */
export async function startDiscordGateway(options: DiscordGatewayOptions): Promise<DiscordGateway> {
  const { logger, applicationId } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl },
    allowedMentions: { parse: [] },
    ...shardOptions(
      options.shards,
      options.shardIds === undefined || options.shardCount === undefined
        ? undefined
        : { ids: options.shardIds, count: options.shardCount },
    ),
  });
  const handler = createInteractionHandler({
    service: options.service,
    logger,
    ...(options.perPage === undefined ? {} : { perPage: options.perPage }),
  });
  const delivery = {
    rest: client.rest,
    applicationId,
    logger,
    ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  };
  const inFlight = new Set<Promise<void>>();

  // The raw payload, so that both modes read exactly the same fields. Interactions are answered one
  // per turn of the event loop, so under a burst each response is sent as soon as it is ready
  // instead of all of them after the whole burst has been computed.
  const queue: DiscordInteraction[] = [];
  const answerNext = (): void => {
    const interaction = queue.shift();
    if (interaction === undefined) return;
    const initial = async (body: unknown): Promise<void> => {
      await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false });
    };
    // Tracked by the service too, so that shutdown waits for the reply as on every platform.
    const done = options.service
      .track(deliver(interaction, handler, initial, delivery))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    if (queue.length > 0) setImmediate(answerNext);
  };
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: unknown) => {
    const interaction = normalizeInteraction(data);
    if (interaction === undefined || interaction.kind === 'ping') return;
    const enqueue = (): void => {
      queue.push(interaction);
      if (queue.length === 1) setImmediate(answerNext);
    };
    // Autocomplete is cheap and answered per keystroke: not worth a round trip to a shared store.
    if (options.dedupe === undefined || interaction.kind === 'autocomplete') return enqueue();
    Promise.resolve(options.dedupe.firstTime(`discord:${interaction.id}`)).then(
      (first) => (first ? enqueue() : logger.info({ interaction: interaction.id }, 'discord: ignored a repeat')),
      enqueue,
    );
  });
  client.on(Events.ClientReady, (c) => logger.info({ user: c.user.id, shards: c.ws.shards.size }, 'discord: ready'));
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn({ shard }, 'discord: shard disconnected'));
  client.on(Events.ShardError, (error, shard) =>
    logger.warn({ shard, err: errorForLog(error) }, 'discord: shard error'),
  );
  client.on(Events.Error, (error) => logger.error({ err: errorForLog(error) }, 'discord: client error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord: warning'));

  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    // No `cause`: a REST error carries request details that must not reach a log.
    throw new Error(`Discord login failed: ${String(errorForLog(error, [options.token])['message'])}`);
  }

  return {
    isReady: () => client.isReady(),
    async stop() {
      // Interactions already received are still answered (politely refused once shutdown began).
      while (queue.length > 0) answerNext();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 3000);
        }),
      ]);
      clearTimeout(timer);
      client.removeAllListeners();
      client.ws.removeAllListeners();
      await client.destroy();
    },
  };
}

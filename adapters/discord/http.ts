import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType, REST } from 'discord.js';
import type { Logger } from 'pino';
import type { BotMetrics } from '../../src/metrics.js';
import { normalizeInteraction, type InteractionResponse } from './interaction.js';
import { errorForLog } from '../../src/logger.js';
import type { ServicePort } from '../../src/bot-service.js';
import { createInteractionHandler } from './interactions.js';
import type { Dedupe } from '../../src/store/dedupe.js';
import { deliver } from './respond.js';
import { readBody, type BodyError } from '../server/read-body.js';
import { sendJson as send } from '../server/send.js';

export interface DiscordHttpOptions {
  /** Counts deferrals and replies Discord did not take. */
  readonly metrics?: Pick<BotMetrics, 'deferred' | 'deliveryFailed'>;
  /** The core; every interaction passes its gate (guild and channel allow-lists, rate limit). */
  readonly service: ServicePort;
  /** The application's public key, 64 hex characters (DISCORD_PUBLIC_KEY). */
  readonly publicKey: string;
  readonly applicationId: string;
  /** REST base for late edits, e.g. `https://discord.com/api` (DISCORD_API_URL). */
  readonly apiUrl: string;
  readonly logger: Logger;
  /** Larger request bodies get 413. Default 128 KiB. */
  readonly maxBodyBytes?: number;
  /** Citations per page. Default 3. */
  readonly perPage?: number;
  /** Defer a response not ready after this long. Default 1500 ms. */
  readonly deferAfterMs?: number;
  /** Interaction ids already handled, shared by replicas (Redis) or per process. Default: none kept. */
  readonly dedupe?: Dedupe;
  /** Clock for the freshness check of `X-Signature-Timestamp`. Default `Date.now`. */
  readonly now?: () => number;
}

/** A signed request whose timestamp is further than this from now, either way, is refused (a replay). */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

/**
 * Whether a request's `X-Signature-Timestamp` (Unix seconds) is within
 * five minutes of now, either way: a captured request replayed later, or one
 * dated ahead to be replayed later, is refused. The same window as Slack's
 * own check, with `abs()` as our Slack check does.
 *
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export function isFresh(timestamp: string | undefined, nowMs: number): boolean {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= MAX_REQUEST_AGE_SECONDS;
}

/** DER prefix that turns a raw 32-byte Ed25519 key into an SPKI public key. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The key object for a Discord public key given in hex.
 *
 * @throws Error when the key is not 64 hex characters
 */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY: must be 64 hex characters');
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Whether a request really comes from Discord: `X-Signature-Ed25519` must
 * sign `X-Signature-Timestamp + body`. Missing or malformed headers fail.
 *
 * The check runs on libuv's thread pool (`crypto.verify` with a callback),
 * not on the event loop: an Ed25519 verification costs about as much CPU as
 * answering the question, and this way other requests are read, answered
 * and written while it runs, on another core.
 *
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 * @see https://nodejs.org/docs/latest-v20.x/api/crypto.html#cryptoverifyalgorithm-data-key-signature-callback
 */
export function verifyDiscordSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
): Promise<boolean> {
  if (signature === undefined || timestamp === undefined) return Promise.resolve(false);
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,20}$/.test(timestamp)) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify(
        null,
        Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
        key,
        Buffer.from(signature, 'hex'),
        (error, ok) => resolve(error === null && ok),
      );
    } catch {
      resolve(false);
    }
  });
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The HTTP interactions endpoint ("Interactions Endpoint URL"), to mount at
 * `POST /discord/interactions`. It verifies the Ed25519 signature with
 * node:crypto (401 when missing, malformed, tampered or signed by another
 * key), answers PING with PONG, and answers every other interaction in the
 * HTTP response body with the same handler as the gateway mode. It keeps no
 * state, so any number of replicas can sit behind a load balancer.
 *
 * @see https://discord.com/developers/docs/interactions/overview#configuring-an-interactions-endpoint-url
 * @example
 * const discord = createDiscordHttpHandler({ service, publicKey, applicationId, apiUrl, logger });
 * createServer((req, res) => (req.url === '/discord/interactions' ? discord(req, res) : notFound(res)));
 */
export function createDiscordHttpHandler(
  options: DiscordHttpOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = options;
  const key = discordPublicKey(options.publicKey);
  const maxBodyBytes = options.maxBodyBytes ?? 128 * 1024;
  const now = options.now ?? Date.now;
  // Late edits only use webhook routes, which need no bot token.
  const rest = new REST({ api: options.apiUrl });
  const handler = createInteractionHandler({
    service: options.service,
    logger,
    ...(options.perPage === undefined ? {} : { perPage: options.perPage }),
  });
  const delivery = {
    rest,
    applicationId: options.applicationId,
    logger,
    ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      send(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
      return;
    }
    const body = await readBody(req, maxBodyBytes).catch((error: BodyError) => {
      if (error.status === 413)
        logger.warn(
          { bytes: Number(header(req, 'content-length')) || undefined, max: maxBodyBytes },
          'discord: request body too large',
        );
      send(res, error.status, { error: error.message }, { connection: 'close' });
    });
    if (body === undefined) return;
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (!(await verifyDiscordSignature(key, signature, timestamp, body))) {
      logger.warn({ signed: signature !== undefined }, 'discord: rejected a request with a bad signature');
      send(res, 401, { error: 'invalid request signature' });
      return;
    }
    // Checked after the signature, so that only a real (captured) request is reported as a replay.
    if (!isFresh(timestamp, now())) {
      logger.warn('discord: refused a signed request whose timestamp is over 5 minutes away (a replay?)');
      send(res, 401, { error: 'request timestamp too old or in the future' });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch {
      send(res, 400, { error: 'body is not JSON' });
      return;
    }
    const interaction = normalizeInteraction(raw);
    if (interaction === undefined) {
      send(res, 400, { error: 'not an interaction' });
      return;
    }
    if (interaction.kind === 'ping') {
      send(res, 200, { type: InteractionResponseType.Pong });
      return;
    }
    if (
      options.dedupe !== undefined &&
      interaction.kind !== 'autocomplete' &&
      !(await options.dedupe.firstTime(`discord:${interaction.id}`))
    ) {
      logger.info({ interaction: interaction.id }, 'discord: ignored a repeat');
      send(res, 409, { error: 'interaction already handled' });
      return;
    }
    const initial = async (response: InteractionResponse): Promise<void> => {
      if (res.destroyed) throw new Error('the HTTP connection closed before the response');
      send(res, 200, response);
    };
    // Tracked, so that shutdown waits for the reply (a deferred answer is edited in over REST).
    await options.service.track(deliver(interaction, handler, initial, delivery));
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: errorForLog(error) }, 'discord: HTTP interaction failed');
      send(res, 500, { error: 'internal error' });
    });
  };
}

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeSlashCommand, signSlackRequest, slashCommand } from '../../tests/helpers/fake-slack.js';
import type { FakeDiscord } from '../../tests/helpers/fake-discord.js';
import { cycle } from './questions.js';

/** One ready-to-send HTTP request: a body and the headers that make it valid. */
export interface SignedRequest {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/** The path Slack's HTTP mode posts to, on the bot and on a bare Bolt app alike. */
export const SLACK_PATH = '/slack/events';
/** The path of the bot's Discord Interactions Endpoint URL (the bare server answers any path). */
export const DISCORD_PATH = '/discord/interactions';

/**
 * `count` signed `/ask` slash commands, as Slack POSTs them: form-encoded,
 * each with another question (in turn) and another user, signed now with
 * `secret`. Slack's 5-minute window starts at the call, so build the pool
 * just before the run that uses it.
 *
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export function slackAskPool(options: {
  readonly secret: string;
  readonly questions: readonly string[];
  readonly count: number;
  /** Where Bolt's `respond()` would post; the bot answers in the ack, so nothing should arrive. */
  readonly responseUrl: string;
}): SignedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: options.count }, (_, i) => {
    const payload = slashCommand(cycle(options.questions, i), {
      user_id: `UBENCH${String(i).padStart(6, '0')}`,
      response_url: options.responseUrl,
    });
    const { body, contentType } = encodeSlashCommand(payload);
    return {
      body: Buffer.from(body),
      headers: { 'content-type': contentType, ...signSlackRequest(options.secret, body, timestamp) },
    };
  });
}

/** An Ed25519 key pair, with the public key as Discord shows it: 64 hex characters. */
export interface DiscordKey {
  readonly privateKey: KeyObject;
  readonly publicKeyHex: string;
}

/** A fresh key pair for the run; the raw public key is the last 32 bytes of its SPKI DER. */
export function discordKey(): DiscordKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString('hex') };
}

/**
 * `count` signed `/ask` chat-input interactions, as Discord POSTs them to an
 * Interactions Endpoint URL: JSON, each with its own id and token, another
 * question (in turn) and another user, with `X-Signature-Ed25519` over
 * `timestamp + body`.
 *
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
export function discordAskPool(options: {
  readonly key: DiscordKey;
  readonly fake: FakeDiscord;
  readonly questions: readonly string[];
  readonly count: number;
}): SignedRequest[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: options.count }, (_, i) => {
    const interaction = options.fake.chatInput(
      'ask',
      [{ name: 'question', type: 3, value: cycle(options.questions, i) }],
      {
        userId: benchUserId(i),
      },
    );
    const body = Buffer.from(JSON.stringify(interaction));
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), options.key.privateKey).toString('hex');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
    };
  });
}

/** A Discord-style user id (a snowflake-shaped number) for the `i`-th asker. */
export function benchUserId(i: number): string {
  return `9${String(i).padStart(17, '0')}`;
}

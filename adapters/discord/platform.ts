import { z } from 'zod';
import { list, httpUrl, optionalText } from '../../src/config-schemas.js';
import { required, type ConfigVariables } from '../../src/config.js';
import { definePlatform } from '../platform-descriptor.js';

/** An optional whole number from 1 to `max`, or one of `words`; anything else is the problem `message`. */
const optionalCount = <W extends string>(max: number, message: string, words: readonly W[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | W | undefined => {
      const text = v?.trim() ?? '';
      if (text === '') return undefined;
      const word = words.find((w) => w === text);
      if (word !== undefined) return word;
      const n = Number(text);
      if (Number.isInteger(n) && n >= 1 && n <= max) return n;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });

/** Discord's configuration variables. */
export const DISCORD_VARIABLES = {
  DISCORD_TOKEN: {
    schema: optionalText,
    description: 'Discord bot token. With DISCORD_APPLICATION_ID, starts the gateway mode.',
    example: '',
    fix: 'reset and copy it from the Developer Portal, Bot',
    secret: true,
  },
  DISCORD_APPLICATION_ID: {
    schema: optionalText,
    description: 'Discord application id.',
    example: '',
    fix: 'copy it from the Developer Portal, General Information',
  },
  DISCORD_PUBLIC_KEY: {
    schema: optionalText,
    description: 'Discord public key (hex), for the HTTP interactions endpoint.',
    example: '',
    fix: 'copy it from the Developer Portal, General Information',
  },
  DISCORD_MODE: {
    schema: z.enum(['gateway', 'http']).default('gateway'),
    description: '`gateway` (a bot connection) or `http` (an Interactions Endpoint URL at POST /discord/interactions).',
    example: 'gateway',
  },
  DISCORD_API_URL: {
    schema: httpUrl('https://discord.com/api'),
    description: 'Discord REST API base, for proxies and tests.',
    example: 'https://discord.com/api',
  },
  DISCORD_SHARDS: {
    schema: optionalCount(1000, 'must be `auto` or a number of shards from 1 to 1000', ['auto'] as const),
    description: '`auto` or a number: gateway shards, needed past 2,500 servers.',
    example: '',
  },
  DISCORD_SHARD_IDS: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const ids = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (ids.length === 0) return undefined;
        const numbers = ids.map(Number);
        if (numbers.every((n) => Number.isInteger(n) && n >= 0)) return numbers;
        ctx.addIssue({ code: 'custom', message: 'must be shard numbers separated by commas, e.g. 0,1' });
        return z.NEVER;
      }),
    description: "This replica's gateway shards, e.g. `0,1`, out of DISCORD_SHARD_COUNT.",
    example: '',
  },
  DISCORD_SHARD_COUNT: {
    schema: optionalCount(10_000, 'must be a whole number from 1 to 10000', [] as const),
    description: 'Shards across all replicas, with DISCORD_SHARD_IDS.',
    example: '',
  },
  DISCORD_GUILD_ID: {
    schema: optionalText,
    description: 'Register commands in this server only (instant), instead of globally.',
    example: '',
  },
  DISCORD_GUILD_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated server ids the bot answers in; empty means all.',
    example: '',
  },
  DISCORD_CHANNEL_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Discord channel ids the bot answers in; empty means all.',
    example: '',
  },
} as const satisfies ConfigVariables;

/**
 * Discord: the gateway (a bot connection, DISCORD_TOKEN) or the HTTP
 * interactions endpoint at `POST /discord/interactions` (DISCORD_MODE=http).
 *
 * @see https://discord.com/developers/docs/interactions/overview
 */
export const discordPlatform = definePlatform({
  name: 'discord',
  variables: DISCORD_VARIABLES,
  setup: 'DISCORD_TOKEN and DISCORD_APPLICATION_ID (Discord)',
  logFields: ['x-signature-ed25519', '*.x-signature-ed25519'],
  check(c) {
    const problems: string[] = [];
    // An invalid DISCORD_MODE still asks for what both modes need, so that every problem shows at once.
    const mode = c.DISCORD_MODE ?? 'unknown';
    const need = (when: boolean, name: keyof typeof DISCORD_VARIABLES, why: string): void => {
      if (when && c[name] === undefined) problems.push(required(DISCORD_VARIABLES, name, why));
    };
    need(c.DISCORD_TOKEN !== undefined && mode !== 'http', 'DISCORD_APPLICATION_ID', 'with DISCORD_TOKEN');
    need(mode === 'http', 'DISCORD_PUBLIC_KEY', 'when DISCORD_MODE=http');
    need(mode === 'http', 'DISCORD_APPLICATION_ID', 'when DISCORD_MODE=http');
    need(mode === 'unknown' && c.DISCORD_TOKEN === undefined, 'DISCORD_APPLICATION_ID', 'for either DISCORD_MODE');
    if (c.DISCORD_APPLICATION_ID !== undefined && !/^\d{1,20}$/.test(c.DISCORD_APPLICATION_ID))
      problems.push(`DISCORD_APPLICATION_ID: must be a number (${DISCORD_VARIABLES.DISCORD_APPLICATION_ID.fix})`);
    if (c.DISCORD_PUBLIC_KEY !== undefined && !/^[0-9a-f]{64}$/i.test(c.DISCORD_PUBLIC_KEY))
      problems.push(`DISCORD_PUBLIC_KEY: must be 64 hex characters (${DISCORD_VARIABLES.DISCORD_PUBLIC_KEY.fix})`);
    if ((c.DISCORD_SHARD_IDS === undefined) !== (c.DISCORD_SHARD_COUNT === undefined))
      problems.push('DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT: set both, or neither (e.g. 0,1 and 4)');
    const outOfRange = c.DISCORD_SHARD_IDS?.filter(
      (id) => c.DISCORD_SHARD_COUNT !== undefined && id >= c.DISCORD_SHARD_COUNT,
    );
    if (outOfRange !== undefined && outOfRange.length > 0)
      problems.push(
        `DISCORD_SHARD_IDS: ${outOfRange.join(', ')} not below DISCORD_SHARD_COUNT (shards are numbered from 0)`,
      );
    if (c.DISCORD_SHARD_IDS !== undefined && c.DISCORD_SHARDS !== undefined)
      problems.push('DISCORD_SHARDS: unset it when DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT are set');
    return problems;
  },
  mode: (c) =>
    c.DISCORD_MODE === 'http' && c.DISCORD_PUBLIC_KEY !== undefined
      ? 'http'
      : c.DISCORD_TOKEN !== undefined
        ? 'gateway'
        : undefined,
  allow: (c) => ({ spaces: c.DISCORD_GUILD_ALLOWLIST, channels: c.DISCORD_CHANNEL_ALLOWLIST }),
  async create({ config, service, logger, dedupe, metrics }) {
    const applicationId = config.DISCORD_APPLICATION_ID ?? '';
    const shared = {
      service,
      applicationId,
      apiUrl: config.DISCORD_API_URL,
      logger: logger.child({ platform: 'discord' }),
      ...(dedupe === undefined ? {} : { dedupe }),
      ...(metrics === undefined ? {} : { metrics }),
    };
    // Platform libraries load only when configured: discord.js takes most of a second to import.
    if (discordPlatform.mode(config) === 'http') {
      const { createDiscordHttpHandler } = await import('./http.js');
      const handler = createDiscordHttpHandler({ ...shared, publicKey: config.DISCORD_PUBLIC_KEY ?? '' });
      return {
        name: 'discord-http',
        routes: { 'POST /discord/interactions': handler },
        start: async () => {},
        stop: async () => {},
        isReady: () => true,
      };
    }
    const { startDiscordGateway } = await import('./gateway.js');
    let gateway: Awaited<ReturnType<typeof startDiscordGateway>> | undefined;
    return {
      name: 'discord-gateway',
      start: async () => {
        gateway = await startDiscordGateway({
          ...shared,
          token: config.DISCORD_TOKEN ?? '',
          ...(config.DISCORD_SHARDS === undefined ? {} : { shards: config.DISCORD_SHARDS }),
          ...(config.DISCORD_SHARD_IDS === undefined || config.DISCORD_SHARD_COUNT === undefined
            ? {}
            : { shardIds: config.DISCORD_SHARD_IDS, shardCount: config.DISCORD_SHARD_COUNT }),
        });
      },
      stop: async () => gateway?.stop(),
      isReady: () => gateway?.isReady() ?? false,
    };
  },
});

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FAKE_DISCORD_TOKEN, type FakeDiscord } from '../../tests/helpers/fake-discord.js';
import type { FakeSlack } from '../../tests/helpers/fake-slack.js';
import { answers, freePort, spawnNode, type Child } from './child.js';
import { gatewayBurst, type BurstFigures } from './gateway-burst.js';
import { measureGroup, summarize, type LoadSummary, type Target } from './group.js';
import type { Profiler } from './profiler.js';
import {
  DISCORD_PATH,
  SLACK_PATH,
  discordAskPool,
  discordKey,
  slackAskPool,
  type SignedRequest,
} from './signed-requests.js';

/** The settings every scenario shares. */
export interface ScenarioContext {
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly rounds: number;
  readonly poolSize: number;
  readonly burst: number;
  /** Dispatches per second of the paced reference run after the burst; 0 for none. */
  readonly pacedRate: number;
  readonly deadlineMs: number;
  readonly questions: readonly string[];
  /** Each bot gets a fresh data folder under this one. */
  readonly dataDir: string;
  readonly profiler?: Profiler | undefined;
  readonly log: (line: string) => void;
  /** DATABASE_URL, REDIS_URL and REDIS_KEY_PREFIX for a third Slack bot on the shared stores; none: no such row. */
  readonly shared?: Readonly<Record<string, string>> | undefined;
}

/** The bot's environment in every mode: quiet logs, its own data, a rate limit the load never reaches. */
const botEnv = (port: number, dataDir: string): Record<string, string> => ({
  PORT: String(port),
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_QUESTIONS: '10000',
});

/** Refusals a bot may answer with 200: not what a user asked for. */
const REFUSALS: ReadonlyArray<[RegExp, string]> = [
  [/asking faster than/, 'rate-limited'],
  [/something went wrong/, 'error notice'],
  [/restarting/, 'shutting down'],
];
const refusal = (body: string): string | undefined => REFUSALS.find(([re]) => re.test(body))?.[1];

const target = (child: Child, route: string, classify: Target['classify']): Target => ({
  name: child.name,
  pid: child.pid,
  base: `http://127.0.0.1:${child.port}`,
  path: route,
  classify,
});

/**
 * Slack HTTP mode: the bot (`adapters/main.ts`) and a bare Bolt app, both
 * under signed `/ask` slash commands, and, with `ctx.shared`, the bot on
 * PostgreSQL and Redis. Returns [ours, bare Bolt, ours on the shared stores?].
 */
export async function slackScenario(ctx: ScenarioContext, fake: FakeSlack): Promise<LoadSummary[]> {
  const secret = randomBytes(16).toString('hex');
  const botToken = 'xoxb-bench-e2e';
  const slackEnv = { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl };
  const [botPort, barePort, sharedPort] = [await freePort(), await freePort(), await freePort()];
  const pool = (): SignedRequest[] =>
    slackAskPool({ secret, questions: ctx.questions, count: ctx.poolSize, responseUrl: fake.responseUrl('bench') });
  return withChildren(
    ctx,
    [
      () =>
        spawnNode({
          name: 'slack-bot',
          script: 'adapters/main.ts',
          port: botPort,
          env: { ...botEnv(botPort, path.join(ctx.dataDir, 'slack')), ...slackEnv },
          ready: (c) => answers(`http://127.0.0.1:${c.port}/readyz`),
          profileDir: ctx.profiler?.dir,
        }),
      () =>
        spawnNode({
          name: 'bare-bolt',
          script: 'bench/e2e/bare-bolt.ts',
          port: barePort,
          env: { PORT: String(barePort), ...slackEnv },
          // Bolt's HTTPReceiver answers 404 to anything but a POST to /slack/events: it is listening.
          ready: (c) => answers(`http://127.0.0.1:${c.port}${SLACK_PATH}`, 404),
          profileDir: ctx.profiler?.dir,
        }),
      ...(ctx.shared === undefined
        ? []
        : [
            () =>
              spawnNode({
                name: 'slack-bot-shared',
                script: 'adapters/main.ts',
                port: sharedPort,
                env: { ...botEnv(sharedPort, path.join(ctx.dataDir, 'slack-shared')), ...slackEnv, ...ctx.shared },
                ready: (c) => answers(`http://127.0.0.1:${c.port}/readyz`),
                profileDir: ctx.profiler?.dir,
              }),
          ]),
    ],
    async ([bot, bare, shared]) => {
      if (bot === undefined || bare === undefined) throw new Error('bench:e2e: a Slack server did not start');
      const ours = target(bot, SLACK_PATH, (status, body) =>
        status !== 200 ? String(status) : (refusal(body) ?? (body.includes('"blocks"') ? 'ok' : 'no blocks')),
      );
      const ceiling = target(bare, SLACK_PATH, (status, body) =>
        status !== 200 ? String(status) : body.includes('fixed answer') ? 'ok' : 'other body',
      );
      const onStores = shared === undefined ? [] : [{ ...ours, ...target(shared, SLACK_PATH, ours.classify) }];
      const figures = await measureGroup([ours, ceiling, ...onStores], groupOptions(ctx, pool));
      return figures.map(summarize);
    },
  );
}

/**
 * Discord HTTP interactions: the bot in DISCORD_MODE=http, a bare node:http
 * server, and (unless `reference` is false) the bare server with the
 * Ed25519 check on the event loop and on the thread pool, all under signed
 * `/ask` interactions. Returns [ours, bare, bare + check?, bare + check on the pool?].
 */
export async function discordHttpScenario(
  ctx: ScenarioContext,
  fake: FakeDiscord,
  reference: boolean,
): Promise<LoadSummary[]> {
  const key = discordKey();
  const botPort = await freePort();
  const pool = (): SignedRequest[] => discordAskPool({ key, fake, questions: ctx.questions, count: ctx.poolSize });
  const bare = (name: string, verify: false | 'loop' | 'pool') => async (): Promise<Child> => {
    const port = await freePort();
    return spawnNode({
      name,
      script: 'bench/e2e/bare-http.ts',
      port,
      env: {
        PORT: String(port),
        ...(verify === false ? {} : { DISCORD_PUBLIC_KEY: key.publicKeyHex, VERIFY_ON: verify }),
      },
      // An unsigned GET: the verifying server refuses it with 401.
      ready: (c) => answers(`http://127.0.0.1:${c.port}/`, verify === false ? 200 : 401),
      profileDir: ctx.profiler?.dir,
    });
  };
  return withChildren(
    ctx,
    [
      () =>
        spawnNode({
          name: 'discord-http-bot',
          script: 'adapters/main.ts',
          port: botPort,
          env: {
            ...botEnv(botPort, path.join(ctx.dataDir, 'discord-http')),
            DISCORD_MODE: 'http',
            DISCORD_PUBLIC_KEY: key.publicKeyHex,
            DISCORD_APPLICATION_ID: fake.applicationId,
            DISCORD_API_URL: fake.apiBase,
          },
          ready: (c) => answers(`http://127.0.0.1:${c.port}/readyz`),
          profileDir: ctx.profiler?.dir,
        }),
      bare('bare-http', false),
      ...(reference ? [bare('bare-http-ed25519', 'loop'), bare('bare-http-ed25519-pool', 'pool')] : []),
    ],
    async ([bot, ...bares]) => {
      if (bot === undefined) throw new Error('bench:e2e: the Discord HTTP bot did not start');
      const ours = target(bot, DISCORD_PATH, (status, body) => {
        if (status !== 200) return String(status);
        if (body.startsWith('{"type":5')) return 'deferred';
        return refusal(body) ?? (body.startsWith('{"type":4') ? 'ok' : 'other body');
      });
      const ceilings = bares.map((child) =>
        target(child, DISCORD_PATH, (status) => (status === 200 ? 'ok' : String(status))),
      );
      const figures = await measureGroup([ours, ...ceilings], groupOptions(ctx, pool));
      return figures.map(summarize);
    },
  );
}

/**
 * Discord gateway: the bot connected to the fake gateway; a warm-up burst
 * (200), then the measured burst of `ctx.burst` interactions, then (unless
 * `ctx.pacedRate` is 0) five seconds of interactions paced at that rate.
 */
export async function gatewayScenario(
  ctx: ScenarioContext,
  fake: FakeDiscord,
  reference: boolean,
): Promise<{ burst: BurstFigures; paced?: BurstFigures; bare?: BurstFigures }> {
  const port = await freePort();
  const name = 'discord-gateway-bot';
  const say = (what: string, f: BurstFigures): void =>
    ctx.log(
      `  ${what}: all replies in ${f.totalMs} ms, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ` +
        `${f.overDeadline} over ${ctx.deadlineMs} ms`,
    );
  const ours = await withChildren(
    ctx,
    [
      () =>
        spawnNode({
          name,
          script: 'adapters/main.ts',
          port,
          env: {
            ...botEnv(port, path.join(ctx.dataDir, 'discord-gateway')),
            DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
            DISCORD_APPLICATION_ID: fake.applicationId,
            DISCORD_API_URL: fake.apiBase,
          },
          ready: (c) => answers(`http://127.0.0.1:${c.port}/readyz`),
          profileDir: ctx.profiler?.dir,
        }),
    ],
    async ([bot]) => {
      const options = { fake, botPid: bot?.pid ?? -1, questions: ctx.questions, deadlineMs: ctx.deadlineMs };
      await fake.waitForReady();
      const warm = await gatewayBurst({ ...options, count: Math.min(200, ctx.burst) });
      ctx.log(`  warm-up burst of ${warm.count}: all replies in ${warm.totalMs} ms, p99 ${warm.p99Ms} ms`);
      ctx.profiler?.mark(name, 'start');
      const figures = await gatewayBurst({ ...options, count: ctx.burst });
      ctx.profiler?.mark(name, 'end');
      say(`burst of ${figures.count}`, figures);
      ctx.log(`  first responses per 250 ms after the first dispatch: ${figures.timeline.join(' ')}`);
      if (ctx.pacedRate === 0) return { burst: figures };
      const paced = await gatewayBurst({ ...options, count: ctx.pacedRate * 5, ratePerS: ctx.pacedRate });
      say(`${paced.count} paced at ${ctx.pacedRate}/s`, paced);
      return { burst: figures, paced };
    },
  );
  if (!reference) return ours;
  // The bot has disconnected: the bare client is now the fake gateway's only one.
  const bareName = 'bare-gateway';
  const bare = await withChildren(
    ctx,
    [
      async () =>
        spawnNode({
          name: bareName,
          script: 'bench/e2e/bare-gateway.ts',
          port: await freePort(),
          env: { DISCORD_TOKEN: FAKE_DISCORD_TOKEN, DISCORD_API_URL: fake.apiBase },
          ready: () => fake.waitForReady(100).then(() => true),
          profileDir: ctx.profiler?.dir,
        }),
    ],
    async ([client]) => {
      const options = { fake, botPid: client?.pid ?? -1, questions: ctx.questions, deadlineMs: ctx.deadlineMs };
      await gatewayBurst({ ...options, count: Math.min(200, ctx.burst) });
      ctx.profiler?.mark(bareName, 'start');
      const figures = await gatewayBurst({ ...options, count: ctx.burst });
      ctx.profiler?.mark(bareName, 'end');
      say(`bare discord.js client, burst of ${figures.count}`, figures);
      ctx.log(`  first responses per 250 ms after the first dispatch: ${figures.timeline.join(' ')}`);
      return figures;
    },
  );
  return { ...ours, bare };
}

function groupOptions(ctx: ScenarioContext, pool: () => SignedRequest[]): Parameters<typeof measureGroup>[1] {
  return {
    connections: ctx.connections,
    durationS: ctx.durationS,
    warmupS: ctx.warmupS,
    rounds: ctx.rounds,
    pool,
    log: ctx.log,
    onRun: (t, phase) => ctx.profiler?.mark(t.name, phase),
  };
}

/** Starts the children in turn, runs `work`, and stops them all (in parallel) whatever happens. */
async function withChildren<T>(
  ctx: ScenarioContext,
  starts: ReadonlyArray<() => Promise<Child>>,
  work: (children: Child[]) => Promise<T>,
): Promise<T> {
  const children: Child[] = [];
  try {
    for (const start of starts) children.push(await start());
    return await work(children);
  } finally {
    await Promise.all(children.map((child) => finish(ctx, child)));
  }
}

async function finish(ctx: ScenarioContext, child: Child): Promise<void> {
  const code = await child.stop();
  const warnings = child.warnings();
  if (warnings.length > 0)
    ctx.log(`  ${child.name} logged ${warnings.length} warnings; the first: ${warnings[0]?.slice(0, 300) ?? ''}`);
  if (code !== 0 && code !== null) ctx.log(`  ${child.name} exited with ${code}`);
  const note = ctx.profiler?.collect(child);
  if (note !== undefined) ctx.log(`  ${note}`);
}

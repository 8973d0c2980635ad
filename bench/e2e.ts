/**
 * End to end through the adapters: the real bot process under load, next to
 * the framework's own ceiling, in the same run.
 *
 *   npm run bench:e2e                                   everything: 2 rounds × 5 s × 10 connections per server
 *   npm run bench:e2e -- --duration 10 --connections 20
 *   npm run bench:e2e -- --only slack,gateway           a subset of slack, discord, gateway
 *   npm run bench:e2e -- --json e2e.json                the same figures as JSON
 *   npm run bench:e2e -- --profile /tmp/e2e-prof        also CPU-profile every server (slower; shows where time goes)
 *   npm run bench:e2e -- --skip-reference               leave out the reference rows (bare node:http + Ed25519 check, bare discord.js client)
 *   npm run bench:e2e -- --paced-rate 0                 leave out the paced gateway reference run (default 100/s for 5 s)
 *   npm run bench:e2e -- --check                        exit 1 when a target fails
 *
 * - Slack HTTP: signed `/ask` slash commands on loopback (autocannon) against
 *   `node --import tsx adapters/main.ts` in Slack HTTP mode, and against a
 *   bare Bolt app that acks a fixed text (bench/e2e/bare-bolt.ts).
 * - Discord HTTP: Ed25519-signed `/ask` interactions against the bot in
 *   DISCORD_MODE=http, and against a bare node:http server returning fixed
 *   JSON (bench/e2e/bare-http.ts).
 * - Discord gateway: a burst of INTERACTION_CREATE from the fake gateway
 *   (tests/helpers/fake-discord.ts) to the bot in gateway mode.
 *
 * See docs/bench-e2e.md for what is measured, and the figures of a run.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FakeDiscord } from '../tests/helpers/fake-discord.js';
import { FakeSlack } from '../tests/helpers/fake-slack.js';
import { killAll } from './e2e/child.js';
import { Profiler } from './e2e/profiler.js';
import { loadQuestions } from './e2e/questions.js';
import { judge, markdown, TARGETS, type E2eReport } from './e2e/report.js';
import { discordHttpScenario, gatewayScenario, slackScenario, type ScenarioContext } from './e2e/scenarios.js';
import { sharedStores } from './e2e/shared-stores.js';

const PARTS = ['slack', 'discord', 'gateway'] as const;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The command line, checked; exits with one line saying what is wrong. */
function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        duration: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '2' },
        connections: { type: 'string', default: '10' },
        rounds: { type: 'string', default: '2' },
        burst: { type: 'string', default: '1000' },
        'paced-rate': { type: 'string', default: '100' },
        pool: { type: 'string', default: '2000' },
        only: { type: 'string', default: PARTS.join(',') },
        json: { type: 'string' },
        profile: { type: 'string' },
        'skip-reference': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
      },
    });
    const int = (name: keyof typeof values, min: number, max: number): number => {
      const n = Number(values[name]);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`--${name} takes a whole number from ${min} to ${max}, got "${String(values[name])}"`);
      return n;
    };
    const only = new Set((values.only ?? '').split(',').map((s) => s.trim()));
    for (const part of only)
      if (!(PARTS as readonly string[]).includes(part))
        throw new Error(`--only takes some of ${PARTS.join(', ')}, got "${part}"`);
    return {
      // A pool of Slack requests is signed once per run, and Slack allows 5 minutes: runs stay well under.
      durationS: int('duration', 1, 120),
      warmupS: int('warmup', 1, 60),
      connections: int('connections', 1, 1000),
      rounds: int('rounds', 1, 10),
      burst: int('burst', 1, 4000),
      pacedRate: int('paced-rate', 0, 1000),
      poolSize: int('pool', 1, 100_000),
      only,
      json: values.json,
      profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
      reference: !values['skip-reference'],
      check: values.check === true,
    };
  } catch (error) {
    log(`bench:e2e: ${(error as Error).message}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const command = ['npm run bench:e2e', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const startedAt = new Date().toISOString();
  const loadAvgStart = os.loadavg();
  log(`${command}: load average ${loadAvgStart.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  let profiler: Profiler | undefined;
  if (options.profileDir !== undefined) {
    mkdirSync(options.profileDir, { recursive: true });
    profiler = new Profiler(options.profileDir);
    log(
      `CPU profiles go to ${options.profileDir}; profiling slows every server, so quote figures from a run without it`,
    );
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const ctx: ScenarioContext = {
    ...options,
    deadlineMs: TARGETS.gatewayDeadlineMs,
    questions: loadQuestions(),
    dataDir,
    profiler,
    log,
  };
  const slackFake = await FakeSlack.start();
  const discordFake = await FakeDiscord.start({ interactionDeadlineMs: TARGETS.gatewayDeadlineMs });
  let slack: E2eReport['slack'];
  let discord: E2eReport['discord'];
  let gateway: Awaited<ReturnType<typeof gatewayScenario>> | undefined;
  try {
    if (options.only.has('slack')) {
      log('Slack HTTP: the bot against a bare Bolt app, and the bot on PostgreSQL + Redis');
      const stores = await sharedStores(log);
      try {
        const [ours, bare, shared] = await slackScenario({ ...ctx, shared: stores?.env }, slackFake);
        if (ours !== undefined && bare !== undefined)
          slack = { ours, bare, ratio: ours.okRps / bare.okRps, ...(shared === undefined ? {} : { shared }) };
      } finally {
        await stores?.drop();
      }
      if (slackFake.responseUrlPosts.length > 0)
        log(`  note: ${slackFake.responseUrlPosts.length} replies went to response_url instead of the ack`);
    }
    if (options.only.has('discord')) {
      log('Discord HTTP: the bot against a bare node:http server');
      const [ours, bare, verifying, verifyingOnPool] = await discordHttpScenario(ctx, discordFake, options.reference);
      if (ours !== undefined && bare !== undefined)
        discord = {
          ours,
          bare,
          ratio: ours.okRps / bare.okRps,
          ...(verifying === undefined ? {} : { verifying }),
          ...(verifyingOnPool === undefined ? {} : { verifyingOnPool }),
        };
    }
    if (options.only.has('gateway')) {
      log(`Discord gateway: a burst of ${options.burst} interactions`);
      gateway = await gatewayScenario(ctx, discordFake, options.reference);
    }
  } finally {
    await slackFake.close();
    await discordFake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const figures = {
    command,
    startedAt,
    machine: {
      node: process.version,
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: os.cpus().length,
      loadAvgStart,
      loadAvgEnd: os.loadavg(),
    },
    settings: {
      durationS: options.durationS,
      warmupS: options.warmupS,
      connections: options.connections,
      rounds: options.rounds,
      burst: options.burst,
      pacedRate: options.pacedRate,
    },
    ...(slack === undefined ? {} : { slack }),
    ...(discord === undefined ? {} : { discord }),
    ...(gateway === undefined ? {} : { gateway: gateway.burst }),
    ...(gateway?.paced === undefined ? {} : { gatewayPaced: gateway.paced }),
    ...(gateway?.bare === undefined ? {} : { gatewayBare: gateway.bare }),
  };
  const report: E2eReport = { ...figures, targets: judge(figures) };
  process.stdout.write(`\n${markdown(report)}${profiler?.markdown() ?? ''}`);
  if (options.json !== undefined) {
    const profiles = profiler === undefined ? {} : { profiles: profiler.summaries };
    await writeFile(options.json, `${JSON.stringify({ ...report, ...profiles }, null, 2)}\n`);
    log(`figures written to ${options.json}`);
  }
  if (options.check && report.targets.some((t) => !t.pass)) process.exitCode = 1;
}

const interrupted = (signal: NodeJS.Signals): void => {
  log(`bench:e2e: ${signal}; stopping the servers`);
  killAll();
  process.exit(130);
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

main().catch((error: unknown) => {
  log(`bench:e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  killAll();
  process.exitCode = 1;
});

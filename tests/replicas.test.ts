import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import {
  FakeSlack,
  FAKE_SLACK_DEFAULTS,
  encodeEvent,
  encodeInteractive,
  encodeSlashCommand,
  postSignedRequest,
} from './helpers/fake-slack.js';
import { PG_URL, REDIS_URL, isolated, portOf, serversUnreachable, urlWithSchema } from './helpers/servers.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/**
 * Three replicas as real processes (adapters/main.ts, Slack HTTP mode) behind
 * no balancer, sharing one PostgreSQL and one Redis (each reached through a
 * TCP proxy this test can stop), and the fake Slack API.
 */
const unreachable = await serversUnreachable();
const SECRET = 'replicas-test-secret';
const LIMIT = 4;

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The value of the first button with this action id, anywhere in a Block Kit message. */
function buttonValue(node: unknown, actionId: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  if (record['action_id'] === actionId && typeof record['value'] === 'string') return record['value'];
  for (const child of Object.values(record)) {
    const found = buttonValue(child, actionId);
    if (found !== undefined) return found;
  }
  return undefined;
}

interface Replica {
  port: number;
  dataDir: string;
  child: ChildProcess;
  stderr: string;
  exit?: number | string | null;
}

describe.skipIf(unreachable !== undefined)('three replicas, one PostgreSQL, one Redis', () => {
  let fake: FakeSlack;
  let env: Awaited<ReturnType<typeof isolated>>;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let admin: pg.Pool;
  const replicas: Replica[] = [];
  const count = async (where = 'TRUE'): Promise<number> =>
    Number((await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.questions WHERE ${where}`)).rows[0].n);

  const start = async (replica: Omit<Replica, 'child' | 'stderr'>): Promise<Replica> => {
    const redis = new URL(REDIS_URL);
    redis.hostname = '127.0.0.1';
    redis.port = String(redisProxy.port);
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        SLACK_BOT_TOKEN: 'xoxb-replicas-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(replica.port),
        DATA_DIR: replica.dataDir,
        DATABASE_URL: urlWithSchema(PG_URL, env.schema, pgProxy.port),
        REDIS_URL: redis.toString(),
        REDIS_KEY_PREFIX: env.prefix,
        RATE_LIMIT_QUESTIONS: String(LIMIT),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const running: Replica = { ...replica, child, stderr: '' };
    child.stderr?.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
    child.on('exit', (code, signal) => (running.exit = code ?? signal));
    return running;
  };
  const ready = (r: Replica): Promise<void> =>
    until(() => r.stderr.includes('"bot ready"') || r.exit !== undefined, 50_000).then(() => {
      if (r.exit !== undefined) throw new Error(`replica exited (${String(r.exit)}): ${r.stderr.slice(-500)}`);
    });
  const slash = (r: Replica, text: string, user: string) =>
    postSignedRequest(
      `http://127.0.0.1:${r.port}/slack/events`,
      SECRET,
      encodeSlashCommand(fake.slashCommand(text, { user_id: user })),
    );
  const at = (i: number): Replica => replicas[i % replicas.length] as Replica;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    env = await isolated();
    admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    pgProxy = await TcpProxy.start(portOf(PG_URL));
    redisProxy = await TcpProxy.start(portOf(REDIS_URL));
    const started = await Promise.all(
      [0, 1, 2].map(async () =>
        start({ port: await freePort(), dataDir: mkdtempSync(path.join(tmpdir(), 'replica-')) }),
      ),
    );
    replicas.push(...started);
    await Promise.all(replicas.map(ready));
  }, 90_000);

  afterAll(async () => {
    for (const r of replicas) if (r.exit === undefined) r.child.kill('SIGTERM');
    await Promise.all(
      replicas.map((r) => (r.exit === undefined ? new Promise((resolve) => r.child.once('exit', resolve)) : undefined)),
    );
    await pgProxy?.stop();
    await redisProxy?.stop();
    await admin?.end();
    await env?.drop();
    await fake?.close();
  }, 30_000);

  it('migrations ran once, though three replicas started together', async () => {
    const versions = await admin.query(`SELECT version FROM ${env.schema}.qabot_schema_version`);
    expect(versions.rows).toEqual([{ version: 1 }]);
  });

  it('a Slack event and its retry, sent to two replicas, get one answer', async () => {
    const thread = `${Math.floor(Date.now() / 1000)}.424242`;
    const event = fake.appMention(`<@${FAKE_SLACK_DEFAULTS.botUserId}> What is APEC?`, { ts: thread, user: 'UEVENT' });
    const first = await postSignedRequest(`http://127.0.0.1:${at(0).port}/slack/events`, SECRET, encodeEvent(event));
    const retry = await postSignedRequest(`http://127.0.0.1:${at(1).port}/slack/events`, SECRET, encodeEvent(event), {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await fake.waitForCall('chat.postMessage', (c) => c.body['thread_ts'] === thread, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['thread_ts'] === thread)).toHaveLength(1);
    expect(at(1).stderr).toContain('ignored an event already handled');
  });

  it('one user asking through all three replicas is refused at the limit, not at three times it', async () => {
    const replies = [];
    for (let i = 0; i < LIMIT * 3; i++) replies.push(await slash(at(i), `What is APEC? limit ${i}`, 'ULIMIT'));
    const answered = replies.filter((r) => r.status === 200 && !r.text.includes('faster than I can keep up'));
    expect(answered).toHaveLength(LIMIT);
    expect(replies.filter((r) => r.text.includes('faster than I can keep up'))).toHaveLength(LIMIT * 2);
  });

  it('npm run report counts every replica’s questions and feedback', async () => {
    const replies = await Promise.all([0, 1, 2].map((i) => slash(at(i), 'What is APEC?', `UREPORT${i}`)));
    // A 👍 on the first answer, clicked on another replica.
    const value = buttonValue(replies[0]?.json, 'qa_vote_up');
    expect(value).toBeDefined();
    const click = await postSignedRequest(
      `http://127.0.0.1:${at(2).port}/slack/events`,
      SECRET,
      encodeInteractive(fake.blockAction('qa_vote_up', value ?? '', { user_id: 'UREPORT0' })),
    );
    expect(click.status).toBe(200);
    // The earlier tests' rows (1 + LIMIT) may still be on their way under load: wait for all of them.
    await until(async () => (await count()) === 1 + LIMIT + 3);
    const report = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--json'], {
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: urlWithSchema(PG_URL, env.schema) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(report.stderr).toBe('');
    const parsed = JSON.parse(report.stdout) as {
      volume: Array<{ questions: number }>;
      feedback: Array<{ up: number }>;
    };
    const total = parsed.volume.reduce((sum, v) => sum + v.questions, 0);
    expect(total).toBe(await count());
    expect(total).toBe(1 + LIMIT + 3);
    await until(async () => {
      const rows = await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.feedback`);
      return Number(rows.rows[0].n) === 1;
    });
  }, 60_000);

  it('a replica killed with SIGKILL mid-burst loses no row for a question it answered', async () => {
    const victim = at(2);
    const answered: string[] = [];
    let next = 0;
    let killed = false;
    const asker = async (): Promise<void> => {
      while (next < 200 && !killed) {
        const text = `What is APEC? burst-${next}`;
        const user = `UBURST${next++}`;
        try {
          const reply = await slash(victim, text, user);
          if (reply.status === 200 && reply.text.includes('APEC')) answered.push(text);
        } catch {
          // The connection died with the process.
        }
        if (!killed && answered.length >= 30) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, () => asker()));
    await until(() => victim.exit !== undefined);
    expect(victim.exit).toBe('SIGKILL');
    // The replica comes back (as an orchestrator would restart it) with the same DATA_DIR.
    const restarted = await start({ port: victim.port, dataDir: victim.dataDir });
    replicas[2] = restarted;
    await ready(restarted);
    await until(async () => {
      const rows = await admin.query<{ question: string }>(
        `SELECT question FROM ${env.schema}.questions WHERE question LIKE '%burst-%'`,
      );
      const stored = new Set(rows.rows.map((r) => r.question));
      return answered.every((q) => stored.has(q));
    });
  });

  it('PostgreSQL and Redis down, then back: no crash, nobody refused, queued rows written after', async () => {
    await pgProxy.stop();
    await redisProxy.stop();
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await slash(at(i), `What is APEC? outage ${i}`, `UOUTAGE${i}`));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies.filter((r) => !r.text.includes('APEC') || r.text.includes('faster than'))).toEqual([]);
    // Ready, with the question log shown degraded, while PostgreSQL is away.
    await until(async () => {
      const readyz = await fetch(`http://127.0.0.1:${at(0).port}/readyz`);
      const body = (await readyz.json()) as { ready: boolean; checks: Record<string, unknown> };
      return readyz.status === 200 && body.ready && body.checks['questionLog'] === 'degraded';
    });
    await pgProxy.resume();
    await redisProxy.resume();
    await until(async () => (await count(`question LIKE '%outage%'`)) === 6);
    const readyz = (await (await fetch(`http://127.0.0.1:${at(0).port}/readyz`)).json()) as {
      checks: Record<string, unknown>;
    };
    expect(readyz.checks['questionLog']).toBe('ok');
    expect(replicas.map((r) => r.exit)).toEqual([undefined, undefined, undefined]);
    const all = replicas.map((r) => r.stderr).join('');
    expect(all).toContain('redis unavailable');
    expect(all).toContain('cannot write to PostgreSQL');
    expect(all).not.toMatch(/"level":(50|60).*unhandled/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack, encodeEvent, postSignedRequest } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';
import { spawnBot, type SpawnedBot } from '../helpers/spawn-bot.js';

const SECRET = 'bounded-test-secret';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a hung or unreachable Slack Web API (issue 13, items 2 and 11)', () => {
  let bot: SpawnedBot | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    bot?.kill();
    await fake?.close();
  });

  const start = async (apiUrl: string): Promise<{ base: string }> => {
    const port = await freePort();
    bot = spawnBot({
      SLACK_BOT_TOKEN: 'xoxb-bounded-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bounded-')),
    });
    return { base: `http://127.0.0.1:${port}` };
  };

  it('unreachable at start: /readyz is never ready, then one clear line naming SLACK_API_URL and exit 1', async () => {
    const dead = await freePort();
    const { base } = await start(`http://127.0.0.1:${dead}/api/`);
    const readiness: number[] = [];
    const exited = bot!.exited;
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      const status = await fetch(`${base}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 0) readiness.push(status);
      await sleep(250);
    }
    expect(await exited).toBe(1);
    expect(readiness.every((s) => s === 503)).toBe(true);
    const lines = bot!.stderr().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^SLACK_API_URL: could not reach Slack .*check SLACK_API_URL and the network$/);
    expect(lines.filter((l) => l.startsWith('SLACK_API_URL')).length).toBe(1);
  }, 90_000);

  it('hung: later mentions are answered once it recovers; on SIGTERM undelivered replies are counted', async () => {
    fake = await FakeSlack.start();
    const { base } = await start(fake.apiUrl);
    expect(await bot!.waitFor('"bot ready"')).toBe(true);
    // Calls made while it hangs are never answered, as when a connection is stuck; new ones are, once it recovers.
    fake.override('chat.postMessage', () => new Promise(() => undefined));
    const mention = async (i: number): Promise<number> => {
      const event = fake!.appMention(`<@${'UBOT'}> What is APEC? ${i}`, {
        ts: `1700000000.${String(i).padStart(6, '0')}`,
        user: `U${i}`,
        event_id: `Ev${i}`,
      });
      return (await postSignedRequest(`${base}/slack/events`, SECRET, encodeEvent(event))).status;
    };
    // More mentions than calls allowed at once, all stuck behind the hung API.
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => mention(i)));
    expect(first.every((s) => s === 200)).toBe(true);
    await sleep(3_000);
    fake.override('chat.postMessage', undefined);
    const recovered = fake.callsTo('chat.postMessage').length;
    const later = await Promise.all(Array.from({ length: 5 }, (_, i) => mention(100 + i)));
    expect(later.every((s) => s === 200)).toBe(true);
    // Each mention's reply reaches its thread once the API answers again (time-outs are 10 s, retried).
    const threads = (): Set<string> =>
      new Set(
        fake!
          .callsTo('chat.postMessage')
          .slice(recovered)
          .map((c) => String(c.body['thread_ts'] ?? ''))
          .filter((t) => t !== ''),
      );
    const deadline = Date.now() + 60_000;
    while (threads().size < 35 && Date.now() < deadline) await sleep(250);
    expect(threads().size).toBe(35);

    // Hung again, then SIGTERM: what could not be delivered is counted in the log.
    fake.override('chat.postMessage', () => new Promise(() => undefined));
    await Promise.all(Array.from({ length: 4 }, (_, i) => mention(200 + i)));
    await sleep(500);
    bot!.child.kill('SIGTERM');
    expect(await bot!.exited).toBe(0);
    expect(bot!.stderr()).toMatch(/"undelivered":4,.*replies were not delivered in time/);
  }, 120_000);
});

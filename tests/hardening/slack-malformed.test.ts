import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, signSlackRequest } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';
import { spawnBot, type SpawnedBot } from '../helpers/spawn-bot.js';

const SECRET = 'malformed-test-secret';

describe('malformed but correctly signed Slack bodies (issue 13, item 12)', () => {
  let fake: FakeSlack;
  let bot: SpawnedBot;
  let base: string;
  beforeAll(async () => {
    fake = await FakeSlack.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = spawnBot({
      SLACK_BOT_TOKEN: 'xoxb-malformed-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'malformed-')),
    });
    expect(await bot.waitFor('"bot ready"')).toBe(true);
  }, 30_000);
  afterAll(async () => {
    bot.kill();
    await fake.close();
  });

  const post = async (body: string, contentType = 'application/json'): Promise<number | string> => {
    try {
      const response = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...signSlackRequest(SECRET, body) },
        body,
        signal: AbortSignal.timeout(8_000),
      });
      await response.text();
      return response.status;
    } catch (error) {
      return (error as Error).name;
    }
  };

  it('get 400, never a hang or a 500, and the bot keeps answering', async () => {
    const bodies = [
      'null',
      '{"event":null}',
      '{"type":"event_callback","event":null}',
      '[]',
      '"x"',
      '7',
      '{}',
      'not json',
    ];
    for (const body of bodies) expect([body, await post(body)]).toEqual([body, 400]);
    const form = 'application/x-www-form-urlencoded';
    for (const body of ['payload=null', 'payload=%5B%5D', 'payload=nope', 'a=b'])
      expect([body, await post(body, form)]).toEqual([body, 400]);
    // A well-formed event of the right shape but without its fields is acknowledged, not failed.
    expect(await post('{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}')).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(bot.stderr()).not.toContain('unhandled rejection');
    // Item 13: a Slack log line names its platform once.
    const refused = bot
      .stderr()
      .split('\n')
      .filter((l) => l.includes('malformed body'));
    expect(refused.length).toBeGreaterThan(0);
    for (const line of refused) expect(line.split('"platform"').length - 1).toBe(1);
  }, 60_000);
});

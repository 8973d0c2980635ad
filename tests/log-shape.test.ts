import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractionHandler } from '../adapters/discord/interactions.js';
import { FAKE_SLACK_DEFAULTS, FakeSlack } from './helpers/fake-slack.js';
import { memoryLogger, realService } from './adapters/discord/support.js';
import { buildBot, type Harness } from './adapters/slack/harness.js';

/** Keys of a JSON line's top level, duplicates kept (JSON.parse would hide them). */
function topKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let end = i + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (depth === 1 && /^\s*:/.test(line.slice(end + 1))) keys.push(line.slice(i + 1, end));
      i = end;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

describe('log lines: one error shape, no duplicate keys, the question at the same level everywhere', () => {
  let fake: FakeSlack;
  let slack: Harness;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    slack = await buildBot(fake, { mode: 'socket', gate: {} });
    await slack.bot.start();
    await fake.waitForSocket();
  });
  afterAll(async () => {
    await slack.bot.stop();
    await fake.close();
  });

  it('Slack and Discord log an answered question alike, and errors as err { type, message }', async () => {
    await fake.sendEnvelope('slash_commands', fake.slashCommand('What is APEC?'));
    fake.override('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    await fake.sendEnvelope(
      'events_api',
      fake.appMention(`<@${FAKE_SLACK_DEFAULTS.botUserId}> What is BRICS?`, { user: 'U0SHAPE' }),
    );
    await fake.waitForCall('chat.postEphemeral', undefined, 5000);
    fake.override('chat.postMessage', undefined);

    const { service } = await realService();
    const discord = memoryLogger();
    const handler = createInteractionHandler({ service, logger: discord.logger });
    await handler({
      id: '9',
      token: 'tok',
      kind: 'command',
      name: 'ask',
      options: { question: 'What is APEC?' },
      userId: '1',
      canPostPublicly: true,
    });

    const lines = [...slack.lines, ...discord.lines];
    for (const line of lines) {
      const keys = topKeys(line);
      expect(keys.length, line).toBe(new Set(keys).size);
      const parsed = JSON.parse(line) as { err?: Record<string, unknown> };
      if (parsed.err !== undefined) {
        expect(parsed.err, line).toMatchObject({ type: expect.any(String), message: expect.any(String) });
        expect(Object.keys(parsed.err).every((k) => ['type', 'message', 'code', 'status', 'stack'].includes(k))).toBe(
          true,
        );
      }
    }
    const answered = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string; question?: string })
      .filter((l) => /^(slack|discord): question answered$/.test(l.msg));
    expect([...new Set(answered.map((l) => l.msg))].sort()).toEqual([
      'discord: question answered',
      'slack: question answered',
    ]);
    for (const l of answered)
      expect(l).toMatchObject({ level: 30, question: expect.stringMatching(/^What is (APEC|BRICS)\?$/) });
    const failed = slack.lines.find((l) => l.includes('slack: could not answer a message')) ?? '{}';
    expect(JSON.parse(failed)).toMatchObject({ err: { message: expect.stringContaining('not_in_channel') } });
  }, 30_000);
});

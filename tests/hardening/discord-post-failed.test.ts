import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeInteraction } from '../../adapters/discord/interaction.js';
import { createInteractionHandler } from '../../adapters/discord/interactions.js';
import { deliver } from '../../adapters/discord/respond.js';
import { memoryLogger, realService } from '../adapters/discord/support.js';
import { FakeDiscord } from '../helpers/fake-discord.js';

describe('"Post to channel" (issue 13, item 13)', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  const click = async (fail: boolean): Promise<{ token: string; logs: string }> => {
    const { service } = await realService();
    const { logger, text } = memoryLogger();
    const handler = createInteractionHandler({ service, logger });
    const raw = fake.button('a1:post:1:abcdefgh', { message: { embeds: [{ title: 'What is APEC?' }], flags: 64 } });
    fake.override((r) => r.method === 'POST' && r.path.includes(`/webhooks/`) && r.path.includes(raw.token), {
      status: fail ? 403 : 200,
      body: fail ? { message: 'Missing Access', code: 50001 } : { id: '2' },
    });
    const rest = new REST({ api: fake.apiBase, retries: 0 });
    await deliver(normalizeInteraction(raw)!, handler, async () => undefined, {
      rest,
      applicationId: fake.applicationId,
      logger,
    });
    return { token: raw.token, logs: text() };
  };
  const edits = (token: string): number =>
    fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`${token}/messages/@original`)).length;

  it('keeps its button when the post failed, and removes it once the post went out', async () => {
    const failed = await click(true);
    expect(edits(failed.token)).toBe(0);
    expect(failed.logs).toContain('could not respond to an interaction');
    const posted = await click(false);
    expect(edits(posted.token)).toBe(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../../../src/message/strings.js';
import { parseConfig } from '../../../adapters/config.js';
import { FAKE_SLACK_DEFAULTS, FakeSlack } from '../../helpers/fake-slack.js';
import { blockText, buildBot, PAGED_QUESTION, type Harness } from './harness.js';

describe('SLACK_COMMAND and the Home tab', () => {
  let fake: FakeSlack;
  let h: Harness;
  // What the workspace named the command, as the operator set it.
  const command = parseConfig({ SLACK_COMMAND: '/qa' }).SLACK_COMMAND;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    h = await buildBot(fake, { mode: 'socket', command });
    await h.bot.start();
    await fake.waitForSocket();
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await h.bot.stop();
    await fake.close();
  });

  const slash = async (name: string, text: string) => {
    const ack = await fake.sendEnvelope('slash_commands', fake.slashCommand(text, { command: name }));
    return ack.payload as { response_type: string; text: string; blocks: unknown[] };
  };

  it('answers /qa with SLACK_COMMAND=/qa, and its help names /qa', async () => {
    expect(command).toBe('/qa');
    const answer = await slash('/qa', PAGED_QUESTION);
    expect(answer.response_type).toBe('ephemeral');
    expect(blockText(answer.blocks)).toContain('partnership');
    const help = await slash('/qa', 'help');
    expect(blockText(help.blocks)).toContain(`/qa cite &lt;address&gt;: ${STRINGS.help.cite}`);
    expect(blockText(help.blocks)).not.toContain('/ask');
  });

  it('refuses no command because of its name: another one is answered too, and the log says so once', async () => {
    const answer = await slash('/ask', PAGED_QUESTION);
    expect(blockText(answer.blocks)).toContain('partnership');
    await slash('/ask', 'topics');
    const warnings = h.lines.filter((l) => l.includes('not SLACK_COMMAND'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ command: '/ask', expected: '/qa' });
  });

  it('publishes the Home tab when a user opens it: how to ask, the topics and the knowledge version', async () => {
    await fake.sendEnvelope('events_api', fake.appHomeOpened());
    const call = await fake.waitForCall('views.publish', undefined, 5000);
    expect(call.body['user_id']).toBe(FAKE_SLACK_DEFAULTS.userId);
    const view = call.body['view'] as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blockText(view.blocks);
    expect(text).toContain(`/qa &lt;question&gt;: ${STRINGS.help.ask}`);
    expect(text).toContain(`*${STRINGS.topicsTitle}*`);
    expect(text).toContain('Russia–China relations');
    expect(text).toMatch(/knowledge [0-9a-f]{12}/);
    expect(view.blocks).toContainEqual({ type: 'divider' });
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    await fake.sendEnvelope('events_api', fake.appHomeOpened({ tab: 'messages' }));
    await fake.sendEnvelope('slash_commands', fake.slashCommand('help', { command: '/qa' }));
    expect(fake.callsTo('views.publish')).toHaveLength(0);
  });
});

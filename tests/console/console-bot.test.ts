import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONSOLE_HELP, consoleSession, runConsoleBot } from '../../adapters/console/console-bot.js';
import { PLAIN } from '../../adapters/console/render-text.js';
import { BotService, type ServicePort } from '../../src/bot-service.js';
import { Gate } from '../../src/gate.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { essayAnswerer } from '../helpers/essay.js';

async function service(gate?: Gate): Promise<ServicePort> {
  const answerer = await essayAnswerer();
  return new BotService({ answerer: () => answerer, ...(gate === undefined ? {} : { gate }) });
}

/** The kind of a reply, and its notice text when it is one. */
function what(reply: Message | 'quit' | undefined): string | undefined {
  if (reply === undefined || reply === 'quit') return reply;
  return reply.kind === 'notice' ? `notice: ${reply.text}` : reply.kind;
}

describe('the terminal conversation (consoleSession)', () => {
  it('turns each line into a message of the model', async () => {
    const reply = consoleSession(await service());
    expect(what(await reply('   '))).toBeUndefined();
    expect(what(await reply('/more'))).toBe(`notice: ${STRINGS.askFirst}`);
    expect(what(await reply('What is the partnership?'))).toBe('answer');
    const second = await reply('/more');
    expect(second).toMatchObject({ kind: 'answer', footer: expect.stringContaining(STRINGS.page(2, 3)) });
    expect(what(await reply('/more'))).toBe('answer');
    expect(what(await reply('/more'))).toBe(`notice: ${STRINGS.noMorePages}`);
    expect(what(await reply('How do I bake bread?'))).toBe('not_covered');
    expect(what(await reply('/more'))).toBe(`notice: ${STRINGS.noMorePages}`);
    expect(await reply('/cite russia-china-relations §1.4')).toMatchObject({
      kind: 'passage',
      passage: { address: 'russia-china-relations §1.4' },
    });
    expect(what(await reply('/cite'))).toBe(`notice: ${STRINGS.needAddress}`);
    expect(what(await reply('/TOPICS'))).toBe('topics');
    expect(await reply('/help')).toBe(CONSOLE_HELP);
    expect(await reply('/nonsense')).toBe(CONSOLE_HELP);
    expect(await reply('/quit')).toBe('quit');
    expect(await reply('/exit')).toBe('quit');
  });

  it('takes every action through the gate: questions, cite, topics and help count, a further page does not', async () => {
    const reply = consoleSession(await service(new Gate({ questions: 3, windowSeconds: 60 })));
    expect(what(await reply('What is the partnership?'))).toBe('answer');
    expect(what(await reply('/more'))).toBe('answer');
    expect(what(await reply('/topics'))).toBe('topics');
    expect(await reply('/help')).toBe(CONSOLE_HELP);
    for (const line of ['/cite §1.1', '/topics', '/help', 'What is APEC?'])
      expect(await reply(line), line).toMatchObject({ kind: 'notice', tone: 'refusal' });
    expect(what(await reply('/more'))).toBe('answer');
  });
});

describe('the terminal bot (runConsoleBot)', () => {
  async function run(input: string, interactive: boolean): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stdin.end(input);
    await runConsoleBot({ service: await service(), input: stdin, output: stdout, interactive, style: PLAIN });
    return out;
  }

  it('answers piped lines in order, each followed by a blank line, and stops at /quit', async () => {
    const out = await run('What is APEC?\n\n/cite §1.4\n/quit\nWhat is APEC?\n', false);
    const answered = out.indexOf('  — russia-china-relations §1.6');
    const cited = out.indexOf('> The specific feature of Russia–China cooperation');
    expect(answered).toBeGreaterThan(0);
    expect(cited).toBeGreaterThan(answered);
    // One answer (nothing after /quit), one passage, and no reply to the blank line.
    expect(out.match(/§1\.6 · /g)).toHaveLength(1);
    expect(out.match(/^knowledge f8ec3d25a7b0$/gm)).toHaveLength(2);
    expect(out).not.toContain('\n\n\n');
    expect(out.endsWith('knowledge f8ec3d25a7b0\n\n')).toBe(true);
    expect(out).not.toContain('ask>');
  });

  it('greets a person at a terminal with the help and the knowledge version', async () => {
    const out = await run('/quit\n', true);
    expect(out).toContain(STRINGS.helpTitle);
    expect(out).toContain(`/more: ${STRINGS.help.more}`);
    expect(out).toMatch(/knowledge [0-9a-f]{12}\n/);
    expect(out).toContain('ask> ');
  });
});

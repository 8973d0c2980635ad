import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { DISCORD_COMMANDS, inviteUrl, registerCommands, userInstallUrl } from '../../../adapters/discord/commands.js';
import { runRegister } from '../../../adapters/discord/register-run.js';
import { MAX_QUESTION_LENGTH } from '../../../src/answer/question.js';
import { FAKE_DISCORD_DEFAULTS, FAKE_DISCORD_TOKEN, FakeDiscord } from '../../helpers/fake-discord.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start({ token: FAKE_DISCORD_TOKEN });
});
afterAll(async () => {
  await fake.close();
});

/** Runs `npm run discord:register`'s script with exactly this environment. */
function cli(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'adapters/discord/register.ts'],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

describe('command registration', () => {
  it('defines /ask (question with max_length and autocomplete, optional public), /cite and /topics', () => {
    const [ask, cite, topics] = DISCORD_COMMANDS;
    expect(ask).toMatchObject({
      name: 'ask',
      options: [
        { name: 'question', type: 3, required: true, max_length: MAX_QUESTION_LENGTH, autocomplete: true },
        { name: 'public', type: 5, required: false },
      ],
    });
    expect(cite).toMatchObject({ name: 'cite', options: [{ name: 'address', autocomplete: true }] });
    expect(topics?.name).toBe('topics');
  });

  it('bulk-overwrites in one server when a guild id is given, otherwise globally', async () => {
    const guild = await registerCommands({
      token: FAKE_DISCORD_TOKEN,
      applicationId: fake.applicationId,
      apiUrl: fake.apiBase,
      guildId: FAKE_DISCORD_DEFAULTS.guildId,
    });
    expect(guild).toMatchObject({ scope: 'guild', names: ['ask', 'cite', 'topics'] });
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(
      `/api/v10/applications/${fake.applicationId}/guilds/${FAKE_DISCORD_DEFAULTS.guildId}/commands`,
    );
    expect(put?.errors).toEqual([]);
    expect(fake.commands.get(FAKE_DISCORD_DEFAULTS.guildId)?.map((c) => c['name'])).toEqual(['ask', 'cite', 'topics']);

    const global = await registerCommands({
      token: FAKE_DISCORD_TOKEN,
      applicationId: fake.applicationId,
      apiUrl: fake.apiBase,
    });
    expect(global.scope).toBe('global');
    expect(fake.commands.get('global')).toHaveLength(3);
  });

  it('makes an invite URL with the bot and applications.commands scopes', () => {
    const url = new URL(inviteUrl('123'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
  });
});

describe('npm run discord:register', () => {
  it('registers against DISCORD_API_URL and prints the invite URL', async () => {
    const { code, stdout, stderr } = await cli({
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiBase,
      DISCORD_GUILD_ID: '810000000000000077',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Registered /ask, /cite, /topics in server 810000000000000077');
    expect(stdout).toContain(inviteUrl(fake.applicationId));
    expect(stdout).not.toContain(FAKE_DISCORD_TOKEN);
    expect(fake.commands.get('810000000000000077')).toHaveLength(3);
  });

  it('registers every command for server and user installs, in servers, the bot DM and other DMs', async () => {
    fake.clearRequests();
    const { code, stdout } = await cli({
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiBase,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Registered /ask, /cite, /topics globally: in servers, DMs and group DMs');
    expect(stdout).toContain(userInstallUrl(fake.applicationId));
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/v10/applications/${fake.applicationId}/commands`);
    expect(put?.errors).toEqual([]);
    const sent = put?.body as Array<Record<string, unknown>>;
    expect(sent.map((c) => c['name'])).toEqual(['ask', 'cite', 'topics']);
    for (const command of sent) expect(command).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
  });

  it('names no particular document in any command text', async () => {
    const slugs = (await readdir('knowledge')).map((f) => f.replace(/\.(md|txt)$/, ''));
    const text = JSON.stringify(DISCORD_COMMANDS);
    for (const slug of slugs) expect(text).not.toContain(slug);
    expect(text).not.toMatch(/§\d/);
  });

  it('says which variable is wrong and how to fix it, without a stack trace, and exits 1', async () => {
    const run = async (env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const code = await runRegister(env, {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
      });
      return { code, stdout, stderr };
    };
    const missing = await run({ DISCORD_API_URL: 'ftp://nope' });
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      [
        'Configuration problems:',
        '  - DISCORD_API_URL: must be an http(s) URL',
        '  - DISCORD_TOKEN: required to register commands (reset and copy it from the Developer Portal, Bot)',
        '  - DISCORD_APPLICATION_ID: required to register commands (copy it from the Developer Portal, General Information)',
        '',
      ].join('\n'),
    );
    const noApp = await run({ DISCORD_TOKEN: FAKE_DISCORD_TOKEN });
    expect(noApp.stderr.match(/DISCORD_APPLICATION_ID/g)).toHaveLength(1);

    const wrongToken = await run({
      DISCORD_TOKEN: 'not.the.token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiBase,
    });
    expect(wrongToken).toMatchObject({
      code: 1,
      stderr: 'Discord rejected DISCORD_TOKEN (401). Reset and copy the token from the Developer Portal, Bot.\n',
    });

    const unreachable = await run({
      DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: '1',
      DISCORD_API_URL: 'http://127.0.0.1:1/api',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^Could not register the commands: .*Check DISCORD_API_URL/);
    for (const r of [missing, wrongToken, unreachable]) expect(r.stderr).not.toMatch(/\n\s+at |not\.the\.token/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../adapters/config.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; usage_hint?: string; url?: string }>;
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

describe('manifest.yml', () => {
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

  it('creates the bot user, /ask with a usage hint, the events, interactivity and Socket Mode', () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/ask', usage_hint: expect.any(String) }),
    ]);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.im',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    // People can DM the bot.
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('names the command SLACK_COMMAND answers by default, and links to pages that exist', () => {
    expect(manifest.features.slash_commands[0]?.command).toBe(parseConfig({}).SLACK_COMMAND);
    for (const [, page] of readFileSync('manifest.yml', 'utf8').matchAll(/\b(docs\/[\w-]+\.md)\b/g))
      expect(existsSync(page ?? ''), page).toBe(true);
  });

  it('asks for the minimal scopes, and no user scopes', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'im:history',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('needs no public URL in Socket Mode', () => {
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
    expect(manifest.features.slash_commands[0]?.url).toBeUndefined();
  });
});

import { z } from 'zod';
import { list, httpUrl, optionalText } from '../../src/config-schemas.js';
import { required, type ConfigVariables } from '../../src/config.js';
import { definePlatform } from '../platform-descriptor.js';
import { SLACK_EVENTS_PATH } from './http-handler.js';

/** Slack's configuration variables. */
export const SLACK_VARIABLES = {
  SLACK_BOT_TOKEN: {
    schema: optionalText,
    description: 'Slack bot token (`xoxb-…`).',
    example: '',
    fix: 'copy it from your Slack app, OAuth & Permissions',
    secret: true,
  },
  SLACK_APP_TOKEN: {
    schema: optionalText,
    description: 'Slack app-level token (`xapp-…`): Socket Mode.',
    example: '',
    fix: 'create one with connections:write in your Slack app, Basic Information',
    secret: true,
  },
  SLACK_SIGNING_SECRET: {
    schema: optionalText,
    description: 'Slack signing secret: HTTP mode at POST /slack/events (when SLACK_APP_TOKEN is unset).',
    example: '',
    fix: 'copy it from your Slack app, Basic Information',
    secret: true,
  },
  SLACK_API_URL: {
    schema: httpUrl('https://slack.com/api/'),
    description: 'Slack Web API base, for proxies and tests.',
    example: 'https://slack.com/api/',
  },
  SLACK_COMMAND: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || '/ask')
      .pipe(
        z
          .string()
          .regex(
            /^\/[a-z0-9_-]{1,31}$/,
            'must be a slash command such as /ask: lower case, no spaces, 32 characters at most',
          ),
      ),
    description: 'The Slack slash command, as named in the app settings (`manifest.yml`).',
    example: '/ask',
  },
  SLACK_CHANNEL_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Slack channel ids the bot answers in; empty means all.',
    example: '',
  },
} as const satisfies ConfigVariables;

/**
 * Slack: Socket Mode (SLACK_APP_TOKEN) or HTTP mode at `POST /slack/events`
 * (SLACK_SIGNING_SECRET), on Bolt.
 *
 * @see https://docs.slack.dev/tools/bolt-js/
 */
export const slackPlatform = definePlatform({
  name: 'slack',
  variables: SLACK_VARIABLES,
  setup: 'SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (Slack)',
  logFields: [
    'signingSecret',
    '*.signingSecret',
    'appToken',
    '*.appToken',
    'botToken',
    '*.botToken',
    'x-slack-signature',
    '*.x-slack-signature',
  ],
  check(c) {
    const problems: string[] = [];
    if ((c.SLACK_APP_TOKEN !== undefined || c.SLACK_SIGNING_SECRET !== undefined) && c.SLACK_BOT_TOKEN === undefined)
      problems.push(required(SLACK_VARIABLES, 'SLACK_BOT_TOKEN', 'with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET'));
    if (c.SLACK_BOT_TOKEN !== undefined && c.SLACK_APP_TOKEN === undefined && c.SLACK_SIGNING_SECRET === undefined)
      problems.push(
        'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (Socket Mode needs the app token; HTTP mode the signing secret)',
      );
    if (c.SLACK_BOT_TOKEN !== undefined && !c.SLACK_BOT_TOKEN.startsWith('xoxb-'))
      problems.push('SLACK_BOT_TOKEN: must start with xoxb- (copy the Bot User OAuth Token from OAuth & Permissions)');
    if (c.SLACK_APP_TOKEN !== undefined && !c.SLACK_APP_TOKEN.startsWith('xapp-'))
      problems.push('SLACK_APP_TOKEN: must start with xapp- (create an app-level token in Basic Information)');
    return problems;
  },
  mode: (c) => (c.SLACK_BOT_TOKEN === undefined ? undefined : c.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http'),
  allow: (c) => ({ channels: c.SLACK_CHANNEL_ALLOWLIST }),
  async create({ config, service, logger, dedupe, metrics }) {
    // Platform libraries load only when configured: Bolt takes most of a second to import.
    const { createSlackBot } = await import('./app.js');
    const slack = await createSlackBot({
      service,
      botToken: config.SLACK_BOT_TOKEN ?? '',
      appToken: config.SLACK_APP_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      apiUrl: config.SLACK_API_URL,
      command: config.SLACK_COMMAND,
      ...(dedupe === undefined ? {} : { dedupe }),
      ...(metrics === undefined ? {} : { metrics }),
      // createSlackBot adds `platform: slack` itself: one key, once per line.
      logger,
    });
    return {
      name: `slack-${slack.mode}`,
      ...(slack.httpHandler === undefined ? {} : { routes: { [`POST ${SLACK_EVENTS_PATH}`]: slack.httpHandler } }),
      start: () => slack.start(),
      stop: () => slack.stop(),
      isReady: () => slack.isReady(),
    };
  },
});

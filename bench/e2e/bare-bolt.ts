/**
 * The Slack ceiling: a bare Bolt app in HTTP mode (its own HTTPReceiver on
 * PORT, signature verification on, no conversation store, like the bot's)
 * whose `/ask` acks a fixed text. Run by bench/e2e.ts as a child process,
 * under the same load as the bot.
 *
 *   PORT=… SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=xoxb-… SLACK_API_URL=… node --import tsx bench/e2e/bare-bolt.ts
 */
import { App, LogLevel } from '@slack/bolt';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`bare-bolt: ${name} is not set`);
  return value;
};

const app = new App({
  token: env('SLACK_BOT_TOKEN'),
  signingSecret: env('SLACK_SIGNING_SECRET'),
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
  logLevel: LogLevel.WARN,
  // As the bot's own Bolt app (adapters/slack/app.ts): otherwise every request pays for a
  // conversation-store lookup the bot never does, and the ceiling would sit lower than it is.
  convoStore: false,
});
app.command('/ask', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'A fixed answer from a bare Bolt app.' });
});
await app.start(Number(env('PORT')));

const stop = (): void => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/**
 * The Discord gateway ceiling: a bare discord.js Client, set up like the
 * bot's (Guilds intent only, REST pointed at DISCORD_API_URL, no mentions),
 * that answers every INTERACTION_CREATE with the same fixed callback (type 4)
 * the moment it reads it. Run by bench/e2e.ts as a child process, under the
 * same burst as the bot: the floor of any bot built on discord.js, whatever
 * it does to answer.
 *
 *   DISCORD_TOKEN=… DISCORD_API_URL=… node --import tsx bench/e2e/bare-gateway.ts
 */
import { Client, GatewayDispatchEvents, GatewayIntentBits, Routes } from 'discord.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`bare-gateway: ${name} is not set`);
  return value;
};

const BODY = { type: 4, data: { content: 'A fixed answer from a bare discord.js client.', flags: 64 } };
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: env('DISCORD_API_URL') },
  allowedMentions: { parse: [] },
});
client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: { id: string; token: string }) => {
  client.rest.post(Routes.interactionCallback(data.id, data.token), { body: BODY, auth: false }).catch(() => {});
});
await client.login(env('DISCORD_TOKEN'));

const stop = (): void => {
  client.destroy().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

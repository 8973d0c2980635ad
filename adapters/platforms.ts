import type { Logger } from 'pino';
import type { BotService } from '../src/bot-service.js';
import type { Config } from '../src/config.js';
import type { RouteHandler } from './server/http-server.js';

/** A running chat platform connection. */
export interface Platform {
  readonly name: string;
  isReady(): boolean;
  stop(): Promise<void>;
}

/**
 * Creates every configured platform adapter. HTTP-mode adapters contribute
 * routes to the shared server; connection-mode ones connect in `start`.
 */
export async function startPlatforms(_options: { config: Config; service: BotService; logger: Logger }): Promise<{
  platforms: Platform[];
  routes: Record<string, RouteHandler>;
  start(): Promise<void>;
}> {
  return { platforms: [], routes: {}, start: async () => {} };
}

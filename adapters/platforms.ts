import type { Logger } from 'pino';
import type { ServicePort } from '../src/bot-service.js';
import type { BotMetrics } from '../src/metrics.js';
import type { Dedupe } from '../src/store/dedupe.js';
import type { Config } from './config.js';
import type { PlatformConnection } from './platform-descriptor.js';
import { PLATFORMS } from './registry.js';
import type { RouteHandler } from './server/http-server.js';

/** A running chat platform connection. */
export type Platform = Pick<PlatformConnection, 'name' | 'isReady' | 'stop'>;

/** The configured platforms, their HTTP routes, and how to connect them. */
export interface StartedPlatforms {
  readonly platforms: Platform[];
  readonly routes: Record<string, RouteHandler>;
  /** Connects what connects out (gateway, Socket Mode) and checks credentials. */
  start(): Promise<void>;
}

/**
 * Creates every registered platform that the configuration turns on.
 * HTTP-mode ones contribute routes to the shared server; connection-mode
 * ones connect in `start`.
 */
export async function startPlatforms(options: {
  config: Config;
  service: ServicePort;
  logger: Logger;
  /** Event and interaction ids already handled (chosen in adapters/stores.ts). */
  dedupe?: Dedupe;
  /** Deliveries that failed and deferrals, by platform. */
  metrics?: BotMetrics;
}): Promise<StartedPlatforms> {
  const connections: PlatformConnection[] = [];
  for (const platform of PLATFORMS)
    if (platform.mode(options.config) !== undefined) connections.push(await platform.create(options));
  const routes: Record<string, RouteHandler> = {};
  for (const connection of connections)
    for (const [route, handler] of Object.entries(connection.routes ?? {})) {
      if (route in routes) throw new Error(`${connection.name}: route ${route} is mounted twice`);
      routes[route] = handler;
    }
  return {
    platforms: connections,
    routes,
    start: async () => {
      await Promise.all(connections.map((c) => c.start()));
    },
  };
}

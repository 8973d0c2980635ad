import type { Logger } from 'pino';
import type { ServicePort } from '../src/bot-service.js';
import type { ConfigPart, ConfigVariables, CoreConfig, ValuesOf } from '../src/config.js';
import type { BotMetrics } from '../src/metrics.js';
import type { Dedupe } from '../src/store/dedupe.js';
import type { RouteHandler } from './server/http-server.js';

/** What a platform is given to connect: its configuration (with the core's) and the bot's services. */
export interface PlatformContext<V extends ConfigVariables> {
  readonly config: CoreConfig & ValuesOf<V>;
  readonly service: ServicePort;
  /** The process logger; a platform adds its own `platform` key. */
  readonly logger: Logger;
  /** Event and interaction ids already handled (chosen in adapters/stores.ts). */
  readonly dedupe?: Dedupe;
  /** Deliveries that failed and deferrals, by platform. */
  readonly metrics?: BotMetrics;
}

/** A created platform connection. */
export interface PlatformConnection {
  /** Its name in /readyz and the start-up line, e.g. `slack-http`. */
  readonly name: string;
  /** Connects what connects out (gateway, Socket Mode, polling) and checks credentials. */
  start(): Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
  /** HTTP-mode endpoints for the shared server, keyed `METHOD /path`, e.g. `POST /slack/events`. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

/**
 * Everything the bot knows of one chat platform, exported by its folder's
 * `platform.ts` and listed once in adapters/registry.ts: its configuration
 * variables and their cross-checks, the mode a configuration turns on, and
 * how to connect it. A descriptor imports no platform library: `create`
 * loads it, only when the platform is configured.
 */
export interface PlatformDescriptor<V extends ConfigVariables = ConfigVariables> extends ConfigPart<V> {
  /** Lower case; the prefix of its variables (`slack` → `SLACK_*`) and its name in the Gate's allow-lists. */
  readonly name: string;
  /** What to set to turn it on, for the message shown when nothing is configured. */
  readonly setup: string;
  /** Log field paths, besides its secret variables' names, that may carry a credential (pino redaction). */
  readonly logFields?: readonly string[];
  /** The mode this configuration turns on, or undefined when the platform is off. */
  mode(config: ValuesOf<V>): string | undefined;
  /** The channels and spaces (servers, workspaces) where questions are taken; empty or absent: all. */
  allow?(config: ValuesOf<V>): { readonly channels?: readonly string[]; readonly spaces?: readonly string[] };
  /** Creates the connection for a configuration whose `mode` is defined; nothing connects before `start`. */
  create(context: PlatformContext<V>): Promise<PlatformConnection>;
}

/**
 * A platform descriptor, with its variables' types kept for `create`.
 *
 * @example
 * export const slackPlatform = definePlatform({ name: 'slack', variables: SLACK_VARIABLES, ... });
 */
export function definePlatform<const V extends ConfigVariables>(
  descriptor: PlatformDescriptor<V>,
): PlatformDescriptor<V> {
  return descriptor;
}

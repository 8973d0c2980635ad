import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorForLog } from '../../src/logger.js';
import { sendJson, sendText } from './send.js';

/** A request handler a platform adapter mounts on the shared server. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly logger: Logger;
  readonly registry: Registry;
  /**
   * Named readiness checks; /readyz is 200 only when none is `false`. A text
   * value (such as the question log's `ok` or `degraded`) is shown, not judged.
   */
  readonly readiness: () => Record<string, boolean | string>;
  /** Extra routes, keyed `METHOD /path`, e.g. `POST /slack/events`. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** Open connections at most; more are closed at once. Default: see {@link defaultMaxConnections}. */
  readonly maxConnections?: number;
  /** A client must send its headers within this. Default 5 s. */
  readonly headersTimeoutMs?: number;
  /** A client must send its whole request within this. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Serve `/metrics` here. Default true; false on the platform port when METRICS_PORT serves them apart. */
  readonly metrics?: boolean;
}

/**
 * The connection cap: three quarters of the process's open-file limit (read
 * from /proc/self/limits; 1024 where it can't be read), less 100 kept for the
 * database, knowledge files and outgoing API calls, and never above 10,000.
 * Past it, new connections are closed at once instead of exhausting file
 * descriptors for everything else.
 *
 * @see https://nodejs.org/docs/latest-v20.x/api/net.html#servermaxconnections
 */
export function defaultMaxConnections(limits = readLimits()): number {
  const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
  const fds = soft === undefined ? 1024 : Number(soft);
  return Math.max(16, Math.min(10_000, Math.floor(fds * 0.75) - 100));
}

function readLimits(): string {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * An HTTP server of the process: `/healthz` (liveness), `/readyz` (the
 * index is loaded and every adapter is connected), `/metrics` (Prometheus,
 * unless `metrics: false`), and the HTTP-mode platform endpoints given as
 * `routes`. With METRICS_PORT the app runs two: the platform one without
 * `/metrics`, and one on METRICS_PORT without routes.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const routes = options.routes ?? {};
  let closing = false;
  // Time-outs are checked every second (Node's default is every 30 s), so a slow client is cut promptly.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // While shutting down, every response ends its connection, so keep-alive clients reconnect elsewhere.
    if (closing) res.shouldKeepAlive = false;
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    const key = `${req.method ?? 'GET'} ${url}`;
    const send = (status: number, body: string, type?: string): void =>
      sendText(res, status, body, type === undefined ? {} : { 'content-type': type });
    try {
      if (key === 'GET /healthz') return send(200, 'ok\n');
      if (key === 'GET /readyz') {
        const checks = options.readiness();
        const ready = Object.values(checks).every((v) => v !== false);
        return sendJson(res, ready ? 200 : 503, { ready, checks });
      }
      if (key === 'GET /metrics' && options.metrics !== false) {
        options.registry.metrics().then(
          (text) => send(200, text, options.registry.contentType),
          () => send(500, 'metrics unavailable\n'),
        );
        return;
      }
      const handler = routes[key];
      if (handler !== undefined) return handler(req, res);
      const allowed = Object.keys(routes).some((r) => r.endsWith(` ${url}`));
      // The body of a request nobody handles is never read: the connection closes after the answer.
      res.shouldKeepAlive = false;
      return send(allowed ? 405 : 404, allowed ? 'method not allowed\n' : 'not found\n');
    } catch (error) {
      options.logger.error({ err: errorForLog(error), route: key }, 'http handler failed');
      if (!res.headersSent) send(500, 'internal error\n');
      else res.end();
    }
  });
  server.requestTimeout = options.requestTimeoutMs ?? 10_000;
  server.headersTimeout = options.headersTimeoutMs ?? 5_000;
  server.maxConnections = options.maxConnections ?? defaultMaxConnections();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => {
        // Stop listening, but do not cut open connections (http.Server#close would cut the idle ones,
        // and with them requests the client has sent that the server has not read yet). Each of them
        // is answered with `connection: close`; idle keep-alive ones end at their keep-alive timeout.
        net.Server.prototype.close.call(server, () => resolve());
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 6_000).unref();
      });
    },
  };
}

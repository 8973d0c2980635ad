/**
 * A fake Slack on 127.0.0.1 that the real Bolt `App` talks to, for offline tests: the Web API (`auth.test`,
 * `apps.connections.open`, `chat.*`, `views.publish`), Socket Mode (a WebSocket that says `hello`, pushes
 * envelopes and waits for their acks: 3 s, as Slack does), and response_urls. Messages sent to it are held to
 * Slack's limits (`messageProblem`). HTTP mode is driven with signed requests (`postSignedRequest`).
 *
 * Lifecycle: `await app.stop()` before `await fake.close()`: a Socket Mode client whose connection the fake drops
 * reconnects later, at a server that is gone.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  FAKE_SLACK_DEFAULTS,
  appHomeOpened,
  appMention,
  blockAction,
  directMessage,
  messageProblem,
  nextTs,
  slashCommand,
  type BlockActionExtra,
  type BlockActionPayload,
  type EventCallbackBody,
  type EventExtra,
  type SlashCommandExtra,
} from './fake-slack-payloads.js';

export * from './fake-slack-payloads.js';

/** One Web API call as the fake received it. */
export interface CapturedCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Parsed body: form fields, with `blocks` and `view` parsed back from JSON and booleans as booleans. */
  body: Record<string, unknown>;
  /** Token from `Authorization: Bearer …`. */
  token?: string;
}

/** One POST to a response_url on this fake. */
export interface ResponseUrlPost {
  /** Path of the response_url, e.g. `/response/abc`. */
  path: string;
  /** Parsed JSON body (Bolt's `respond()` sends JSON). */
  body: unknown;
}

/** Replaces the fake's answer for a Web API method. */
export type ApiOverride = (call: CapturedCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Things that happen, and tests waiting for the first that matches. */
class Seen<T> {
  readonly all: T[] = [];
  readonly #waiters = new Set<{ match: (v: T) => boolean; resolve: (v: T) => void; reject: (e: Error) => void }>();

  add(value: T): void {
    this.all.push(value);
    for (const w of this.#waiters) {
      if (!w.match(value)) continue;
      this.#waiters.delete(w);
      w.resolve(value);
    }
  }

  wait(match: (v: T) => boolean, timeoutMs: number, what: () => string): Promise<T> {
    const found = this.all.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`fake-slack: ${what()}`));
      }, timeoutMs);
      const waiter = { match, resolve: (v: T) => (clearTimeout(timer), resolve(v)), reject };
      this.#waiters.add(waiter);
    });
  }

  close(error: Error): void {
    for (const w of this.#waiters) w.reject(error);
    this.#waiters.clear();
  }
}

/**
 * The fake Slack: start it, point the app's `SLACK_API_URL` at `apiUrl`, push what users do with `sendEnvelope`
 * (Socket Mode) or `postSignedRequest` (HTTP mode), and read what the app sent with `waitForCall` and
 * `waitForResponse`.
 *
 * @example
 * const fake = await FakeSlack.start();
 * const ack = await fake.sendEnvelope('slash_commands', fake.slashCommand('help'));
 */
export class FakeSlack {
  /** Web API base, for `SLACK_API_URL` / `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  /** Socket Mode connections accepted so far. */
  socketConnections = 0;
  readonly #calls = new Seen<CapturedCall>();
  readonly #posts = new Seen<ResponseUrlPost>();
  readonly #sockets = new Seen<WebSocket>();
  readonly #acks = new Map<string, (payload: { envelope_id: string; payload?: unknown }) => void>();
  readonly #overrides = new Map<string, ApiOverride>();
  readonly #failures: number[] = [];
  #socket: WebSocket | undefined;
  #closed = false;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly baseUrl: string,
  ) {
    this.apiUrl = `${baseUrl}/api/`;
  }

  /** Listens on a free port of 127.0.0.1. */
  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSlack(server, wss, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => void fake.#handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (fake.#closed || !req.url?.startsWith('/socket')) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      wss.handleUpgrade(req, socket, head, (ws) => fake.#connected(ws));
    });
    return fake;
  }

  /** Web API options for the app: this fake, and retries fast enough for tests. */
  clientOptions(): { slackApiUrl: string; retryConfig: { retries: number; minTimeout: number; maxTimeout: number } } {
    return { slackApiUrl: this.apiUrl, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 } };
  }

  /** A response_url on this fake; POSTs to it land in `responseUrlPosts`. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** Every Web API call, in order of arrival. */
  get calls(): readonly CapturedCall[] {
    return this.#calls.all;
  }

  /** Every response_url POST, in order of arrival. */
  get responseUrlPosts(): readonly ResponseUrlPost[] {
    return this.#posts.all;
  }

  /** Answers one Web API method with `handler` instead (undefined: the default again). */
  override(method: string, handler: ApiOverride | undefined): void {
    if (handler === undefined) this.#overrides.delete(method);
    else this.#overrides.set(method, handler);
  }

  /** Answers the next `times` response_url POSTs with `status`, as an expired response_url does. */
  failResponseUrl(status = 404, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#failures.push(status);
  }

  /** Forgets the calls and response_url posts seen so far. */
  reset(): void {
    this.#calls.all.length = 0;
    this.#posts.all.length = 0;
  }

  /** The calls of one method seen so far. */
  callsTo(method: string): CapturedCall[] {
    return this.#calls.all.filter((c) => c.method === method);
  }

  /** The first call (past or future) of `method` that matches `predicate`. */
  waitForCall(method: string, predicate?: (c: CapturedCall) => boolean, timeoutMs = 2000): Promise<CapturedCall> {
    const match = (c: CapturedCall): boolean => c.method === method && (predicate?.(c) ?? true);
    const seen = (): string => this.#calls.all.map((c) => c.method).join(', ') || 'none';
    return this.#calls.wait(match, timeoutMs, () => `no matching ${method} call in ${timeoutMs} ms (${seen()})`);
  }

  /** The first response_url POST (past or future) that matches `predicate`. */
  waitForResponse(predicate?: (p: ResponseUrlPost) => boolean, timeoutMs = 2000): Promise<ResponseUrlPost> {
    const n = (): number => this.#posts.all.length;
    const match = (p: ResponseUrlPost): boolean => predicate?.(p) ?? true;
    return this.#posts.wait(match, timeoutMs, () => `no matching response_url POST in ${timeoutMs} ms (${n()} so far)`);
  }

  /** Resolves once a Socket Mode client is connected and has been sent `hello`. */
  async waitForSocket(timeoutMs = 5000): Promise<void> {
    const open = (ws: WebSocket): boolean => ws === this.#socket && ws.readyState === ws.OPEN;
    await this.#sockets.wait(open, timeoutMs, () => `no Socket Mode connection in ${timeoutMs} ms`);
  }

  /**
   * Pushes an envelope to the Socket Mode client and resolves with its ack; rejects when there is none within
   * Slack's 3 s. Bolt acks events_api envelopes itself, before any listener runs.
   */
  async sendEnvelope(
    type: 'slash_commands' | 'events_api' | 'interactive',
    payload: object,
    extra: { retry_attempt?: number; retry_reason?: string } = {},
  ): Promise<{ envelope_id: string; payload?: unknown }> {
    await this.waitForSocket();
    const envelopeId = randomUUID();
    const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#acks.delete(envelopeId);
        reject(new Error(`fake-slack: ${type} envelope was not acked within 3000 ms`));
      }, 3000);
      this.#acks.set(envelopeId, (ack) => (clearTimeout(timer), resolve(ack)));
    });
    const retry = type === 'events_api' ? { retry_attempt: 0, retry_reason: '', ...extra } : extra;
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' };
    this.#socket?.send(JSON.stringify({ ...envelope, ...retry }));
    return acked;
  }

  // Payloads whose response_url points here.
  slashCommand(text: string, extra: SlashCommandExtra = {}): Record<string, string> {
    return slashCommand(text, { response_url: this.responseUrl(), ...extra });
  }
  appMention(text: string, extra: EventExtra = {}): EventCallbackBody {
    return appMention(text, extra);
  }
  directMessage(text: string, extra: EventExtra = {}): EventCallbackBody {
    return directMessage(text, extra);
  }
  appHomeOpened(extra: { user?: string; tab?: 'home' | 'messages' } = {}): EventCallbackBody {
    return appHomeOpened(extra);
  }
  blockAction(actionId: string, value: string, extra: BlockActionExtra = {}): BlockActionPayload {
    return blockAction(actionId, value, { response_url: this.responseUrl(), ...extra });
  }

  /** Stops the fake: waits up to `graceMs` for Socket Mode clients to leave, then closes everything. */
  async close(graceMs = 1000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const deadline = Date.now() + graceMs;
    while ([...this.wss.clients].some((s) => s.readyState !== s.CLOSED) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const socket of this.wss.clients) socket.terminate();
    const closed = new Error('fake-slack: closed');
    for (const seen of [this.#calls, this.#posts, this.#sockets]) seen.close(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  #connected(ws: WebSocket): void {
    this.#socket = ws;
    this.socketConnections += 1;
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData) => {
      const ack = parse(String(data)) as { envelope_id?: unknown; payload?: unknown } | undefined;
      if (typeof ack?.envelope_id !== 'string') return;
      this.#acks.get(ack.envelope_id)?.({
        envelope_id: ack.envelope_id,
        ...('payload' in ack ? { payload: ack.payload } : {}),
      });
      this.#acks.delete(ack.envelope_id);
    });
    ws.send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: FAKE_SLACK_DEFAULTS.appId } }),
    );
    this.#sockets.add(ws);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const call: CapturedCall = {
        method: path.slice('/api/'.length),
        body: formOrJson(raw, req.headers['content-type']),
      };
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (token !== undefined) call.token = token;
      // Seen as it arrives: an override may hang, as a Slack that does not answer does.
      this.#calls.add(call);
      return reply(200, await (this.#overrides.get(call.method)?.(call) ?? this.#answer(call)));
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const body = parse(raw);
      const failure = this.#failures.shift();
      const problem =
        body === undefined ? 'invalid_payload' : body.delete_original === true ? undefined : messageProblem(body);
      if (failure !== undefined) reply(failure, { ok: false, error: 'expired_url' });
      else if (problem !== undefined) reply(400, { ok: false, error: problem });
      else reply(200, { ok: true });
      return this.#posts.add({ path, body: body ?? raw });
    }
    reply(404, { ok: false, error: 'unknown_method' });
  }

  /** Slack's answers, near enough for Bolt and the adapter; a message over Slack's limits is refused as Slack would. */
  #answer({ method, body }: CapturedCall): Record<string, unknown> {
    const D = FAKE_SLACK_DEFAULTS;
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: D.teamId, user_id: D.botUserId, bot_id: D.botId, user: 'bot', team: 'Fake' };
      case 'apps.connections.open':
        return { ok: true, url: `${this.baseUrl.replace('http', 'ws')}/socket?ticket=fake-${randomUUID()}` };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const problem = messageProblem(body);
        return problem === undefined
          ? { ok: true, channel: body.channel, ts: nextTs() }
          : { ok: false, error: problem };
      }
      case 'views.publish': {
        // A user, and a home view of at most 100 blocks.
        const view = body.view as { type?: unknown; blocks?: unknown } | undefined;
        if (typeof body.user_id !== 'string' || view?.type !== 'home' || !Array.isArray(view.blocks))
          return { ok: false, error: 'invalid_arguments' };
        return view.blocks.length > 100 ? { ok: false, error: 'invalid_blocks' } : { ok: true, view };
      }
      default:
        return { ok: true };
    }
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const FLAGS = new Set(['unfurl_links', 'unfurl_media', 'replace_original', 'delete_original']);

/** A Web API body: JSON, or a form whose `blocks` and `view` hold JSON and whose flags are booleans. */
function formOrJson(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json') === true) return parse(raw) ?? {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (key === 'blocks' || key === 'view') body[key] = parse(value) ?? value;
    else body[key] = FLAGS.has(key) && (value === 'true' || value === 'false') ? value === 'true' : value;
  }
  return body;
}

/**
 * A fake Slack platform on 127.0.0.1 that the real Bolt `App` talks to, for offline tests.
 *
 * - Web API: point Bolt at `fake.apiUrl` with `clientOptions: { slackApiUrl: fake.apiUrl }`. In Socket Mode the
 *   same option also reaches the SocketModeClient (Bolt copies `clientOptions` into `installerOptions.clientOptions`),
 *   so `apps.connections.open` lands here too and returns a `ws://127.0.0.1:PORT/socket` URL.
 * - Socket Mode: the fake sends `{"type":"hello"}` on connect; `sendEnvelope()` pushes an envelope and resolves with
 *   the app's ack (`{envelope_id, payload}`).
 * - response_url: `fake.responseUrl()` gives a URL on this fake; POSTs to it are captured in `responseUrlPosts`.
 * - HTTP mode: `signSlackRequest()` / `postSignedRequest()` build signed requests for Bolt's `/slack/events`.
 *
 * Lifecycle: `await app.stop()` BEFORE `await fake.close()`. If the fake drops a live Socket Mode connection, the
 * SocketModeClient schedules a reconnect 5 s later and, on ECONNREFUSED, rejects a promise nobody awaits.
 *
 * Never pass a `response_url` that points outside this fake: Bolt's `respond()` really POSTs to it.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, type Logger } from '@slack/bolt';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

// ---------------------------------------------------------------------------------------------------------------
// Defaults and ids
// ---------------------------------------------------------------------------------------------------------------

export const FAKE_SLACK_DEFAULTS = {
  teamId: 'T0FAKETEAM',
  teamDomain: 'fake-team',
  botUserId: 'U0FAKEBOT',
  botId: 'B0FAKEBOT',
  appId: 'A0FAKEAPP',
  userId: 'U0FAKEUSER',
  userName: 'tester',
  channelId: 'C0FAKECHAN',
  channelName: 'general',
  dmChannelId: 'D0FAKEDM',
  verificationToken: 'fake-verification-token',
  /** Unreachable local URL used when a builder is called without a response_url (port 9 refuses connections). */
  deadResponseUrl: 'http://127.0.0.1:9/fake-slack/no-response-url',
} as const;

const tsBase = Math.floor(Date.now() / 1000);
let idCounter = 0;

/** A unique, increasing Slack-style message timestamp such as `1700000000.000042`. */
export function nextTs(): string {
  idCounter += 1;
  return `${tsBase + Math.floor(idCounter / 1_000_000)}.${String(idCounter % 1_000_000).padStart(6, '0')}`;
}

function nextId(prefix: string): string {
  idCounter += 1;
  return `${prefix}${String(idCounter).padStart(8, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Captured traffic
// ---------------------------------------------------------------------------------------------------------------

/** One Web API call as received by the fake. */
export interface CapturedCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Parsed body. Form fields `blocks`, `attachments`, `metadata`, `view`, ... are JSON-parsed back into values. */
  body: Record<string, unknown>;
  /** Raw request body as sent. */
  raw: string;
  /** Token from `Authorization: Bearer ...` (or the `token` body field). */
  token?: string;
  /** HTTP status the fake answered with (429 for a simulated rate limit). */
  status: number;
  at: number;
}

/** One POST to a response_url on this fake. */
export interface ResponseUrlPost {
  /** Path of the response_url, e.g. `/response/abc`. */
  path: string;
  /** Parsed JSON body (Bolt's `respond()` sends JSON), or the raw string if it was not JSON. */
  body: unknown;
  at: number;
}

/** One message the Socket Mode client sent back over the WebSocket (normally an ack). */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
  at: number;
}

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface EnvelopeExtra {
  retry_attempt?: number;
  retry_reason?: string;
  /** Defaults: true for slash_commands / interactive, false for events_api (as Slack does). */
  accepts_response_payload?: boolean;
  /** How long to wait for the app's ack. Default 3000 ms: Slack's own deadline. */
  timeoutMs?: number;
}

/** Replaces the fake's default answer for a Web API method. */
export type ApiOverride = (call: CapturedCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  appId?: string;
}

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface PendingAck {
  resolve: (ack: { envelope_id: string; payload?: unknown }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const JSON_FORM_FIELDS = new Set([
  'blocks',
  'attachments',
  'metadata',
  'view',
  'unfurls',
  'user_auth_blocks',
  'chunks',
  'options',
  'option_groups',
]);
const BOOLEAN_FORM_FIELDS = new Set([
  'unfurl_links',
  'unfurl_media',
  'reply_broadcast',
  'mrkdwn',
  'as_user',
  'link_names',
  'replace_original',
  'delete_original',
  'is_enterprise_install',
]);

// ---------------------------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------------------------

export class FakeSlack {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly appId: string;
  /** Every Web API call, in arrival order. */
  readonly calls: CapturedCall[] = [];
  /** Every POST to a response_url on this fake. */
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  /** Every envelope ack the Socket Mode client sent. */
  readonly acks: SocketAck[] = [];
  /** Number of WebSocket connections accepted so far. */
  socketConnections = 0;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private currentSocket: WebSocket | undefined;
  private readonly callWaiters = new Set<Waiter<CapturedCall>>();
  private readonly responseWaiters = new Set<Waiter<ResponseUrlPost>>();
  private readonly socketWaiters = new Set<Waiter<WebSocket>>();
  private readonly pendingAcks = new Map<string, PendingAck>();
  private readonly overrides = new Map<string, ApiOverride>();
  private readonly rateLimits = new Map<string, { times: number; retryAfterSec: number }>();
  private responseUrlFailures: Array<{ status: number }> = [];
  private ticket = 0;
  private closed = false;

  private constructor(server: Server, wss: WebSocketServer, port: number, options: FakeSlackOptions) {
    this.server = server;
    this.wss = wss;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
    this.botId = options.botId ?? FAKE_SLACK_DEFAULTS.botId;
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.appId = options.appId ?? FAKE_SLACK_DEFAULTS.appId;
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, wss, port, options);
    server.on('request', (req, res) => {
      fake.handleRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-slack error: ${String(error)}`);
      });
    });
    server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', fake.baseUrl).pathname;
      if (path !== '/socket' || fake.closed) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => fake.onSocket(ws));
    });
    return fake;
  }

  /**
   * Fresh WebClient options for `new App({ clientOptions })`: the API URL plus a fast retry policy, so a 429 or a
   * dead fake costs milliseconds instead of web-api's default backoff (about 1 s for the first retry; in Socket Mode
   * `apps.connections.open` otherwise retries 100 times). Build a new object per App: Bolt mutates it (adds `logger`,
   * and the SocketModeClient adds `retryConfig` when none is set).
   */
  clientOptions(): { slackApiUrl: string; retryConfig: { retries: number; minTimeout: number; maxTimeout: number } } {
    return { slackApiUrl: this.apiUrl, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 } };
  }

  /** A response_url on this fake; POSTs to it are captured in `responseUrlPosts`. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** Replace the default answer for one Web API method (e.g. return `{ok:false,error:'msg_too_long'}`). */
  override(method: string, handler: ApiOverride | undefined): void {
    if (handler === undefined) this.overrides.delete(method);
    else this.overrides.set(method, handler);
  }

  /** Answer the next `times` calls of `method` with HTTP 429 and `Retry-After` (web-api waits and retries). */
  rateLimit(method: string, retryAfterSec = 0, times = 1): void {
    this.rateLimits.set(method, { times, retryAfterSec });
  }

  /** Answer the next `times` response_url POSTs with `status` (Bolt's `respond()` then throws RespondError). */
  failResponseUrl(status = 404, times = 1): void {
    for (let i = 0; i < times; i += 1) this.responseUrlFailures.push({ status });
  }

  /** Forget captured calls, response_url posts and acks (overrides and connections stay). */
  reset(): void {
    this.calls.length = 0;
    this.responseUrlPosts.length = 0;
    this.acks.length = 0;
  }

  /** Calls of one method captured so far. */
  callsTo(method: string): CapturedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first captured call (past or future) of `method` that matches `predicate`. */
  waitForCall(method: string, predicate?: (c: CapturedCall) => boolean, timeoutMs = 2000): Promise<CapturedCall> {
    const match = (c: CapturedCall): boolean => c.method === method && (predicate === undefined || predicate(c));
    return this.waitFor(this.calls, this.callWaiters, match, timeoutMs, () => {
      const seen = this.calls.map((c) => c.method).join(', ') || 'none';
      return `no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`;
    });
  }

  /** Resolves with the first response_url POST (past or future) that matches `predicate`. */
  waitForResponse(predicate?: (p: ResponseUrlPost) => boolean, timeoutMs = 2000): Promise<ResponseUrlPost> {
    const match = (p: ResponseUrlPost): boolean => predicate === undefined || predicate(p);
    return this.waitFor(
      this.responseUrlPosts,
      this.responseWaiters,
      match,
      timeoutMs,
      () => `no matching response_url POST within ${timeoutMs} ms (${this.responseUrlPosts.length} so far)`,
    );
  }

  /** Resolves once a Socket Mode client is connected and has been sent `hello`. */
  async waitForSocket(timeoutMs = 5000): Promise<void> {
    const current = this.currentSocket;
    if (current !== undefined && current.readyState === current.OPEN) return;
    await new Promise<WebSocket>((resolve, reject) => {
      const waiter: Waiter<WebSocket> = {
        match: () => true,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.socketWaiters.delete(waiter);
          reject(new Error(`fake-slack: no Socket Mode connection within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.socketWaiters.add(waiter);
    });
  }

  /**
   * Pushes an envelope to the connected Socket Mode client and resolves with its ack `{envelope_id, payload}`.
   * Rejects if the app does not ack within `extra.timeoutMs` (default 3000 ms, Slack's deadline). Note that Bolt
   * acks events_api envelopes itself, before any listener runs, with an empty payload `{}`.
   */
  async sendEnvelope(
    type: EnvelopeType,
    payload: object,
    extra: EnvelopeExtra = {},
  ): Promise<{ envelope_id: string; payload?: unknown }> {
    await this.waitForSocket();
    const socket = this.currentSocket;
    if (socket === undefined) throw new Error('fake-slack: no Socket Mode connection');
    const envelopeId = randomUUID();
    const timeoutMs = extra.timeoutMs ?? 3000;
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: extra.accepts_response_payload ?? type !== 'events_api',
    };
    if (type === 'events_api' || extra.retry_attempt !== undefined) envelope.retry_attempt = extra.retry_attempt ?? 0;
    if (type === 'events_api' || extra.retry_reason !== undefined) envelope.retry_reason = extra.retry_reason ?? '';
    const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve, reject) => {
      this.pendingAcks.set(envelopeId, {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.pendingAcks.delete(envelopeId);
          reject(new Error(`fake-slack: ${type} envelope ${envelopeId} was not acked within ${timeoutMs} ms`));
        }, timeoutMs),
      });
    });
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** Sends an arbitrary JSON message (e.g. `{type:'disconnect',reason:'warning'}`) to the current socket. */
  sendRaw(message: object): void {
    const socket = this.currentSocket;
    if (socket === undefined) throw new Error('fake-slack: no Socket Mode connection');
    socket.send(JSON.stringify(message));
  }

  // Payload builders bound to this fake: response_url points here, ids match the fake's auth.test answer.

  slashCommand(text: string, extra: SlashCommandExtra = {}): Record<string, string> {
    return slashCommand(text, {
      team_id: this.teamId,
      api_app_id: this.appId,
      response_url: this.responseUrl(),
      ...extra,
    });
  }

  appMention(text: string, extra: EventExtra = {}): EventCallbackBody {
    return appMention(text, { team_id: this.teamId, api_app_id: this.appId, bot_user_id: this.botUserId, ...extra });
  }

  /** The `app_home_opened` event: a user opened the app's Home tab (or, with `tab: 'messages'`, its DM). */
  appHomeOpened(extra: { user?: string; tab?: 'home' | 'messages' } = {}): Omit<EventCallbackBody, 'event'> & {
    event: Record<string, unknown>;
  } {
    const { event, ...rest } = directMessage('', {
      team_id: this.teamId,
      api_app_id: this.appId,
      bot_user_id: this.botUserId,
    });
    return {
      ...rest,
      event: {
        type: 'app_home_opened',
        user: extra.user ?? FAKE_SLACK_DEFAULTS.userId,
        channel: event.channel,
        tab: extra.tab ?? 'home',
        event_ts: event.event_ts,
      },
    };
  }

  directMessage(text: string, extra: EventExtra = {}): EventCallbackBody {
    return directMessage(text, { team_id: this.teamId, api_app_id: this.appId, bot_user_id: this.botUserId, ...extra });
  }

  blockAction(actionId: string, value: string, extra: BlockActionExtra = {}): BlockActionPayload {
    return blockAction(actionId, value, {
      team_id: this.teamId,
      api_app_id: this.appId,
      bot_user_id: this.botUserId,
      response_url: this.responseUrl(),
      ...extra,
    });
  }

  /**
   * Stops the fake. Waits up to `graceMs` for Socket Mode clients to close their side (call `app.stop()` first),
   * then terminates what is left and closes the HTTP server, including keep-alive connections.
   */
  async close(graceMs = 1000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const deadline = Date.now() + graceMs;
    while ([...this.sockets].some((s) => s.readyState !== s.CLOSED) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    this.currentSocket = undefined;
    const closedError = new Error('fake-slack: closed');
    for (const [id, pending] of this.pendingAcks) {
      clearTimeout(pending.timer);
      this.pendingAcks.delete(id);
      pending.reject(closedError);
    }
    rejectAll(this.callWaiters, closedError);
    rejectAll(this.responseWaiters, closedError);
    rejectAll(this.socketWaiters, closedError);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------------------

  private waitFor<T>(
    past: T[],
    waiters: Set<Waiter<T>>,
    match: (value: T) => boolean,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const found = past.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake-slack: ${describe()}`));
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  private notify<T>(waiters: Set<Waiter<T>>, value: T): void {
    for (const waiter of waiters) {
      if (waiter.match(value)) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve(value);
      }
    }
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    this.currentSocket = ws;
    this.socketConnections += 1;
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (this.currentSocket === ws) this.currentSocket = undefined;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(rawDataToString(data));
      } catch {
        return;
      }
      if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
      const result: { envelope_id: string; payload?: unknown } = { envelope_id: message.envelope_id };
      if ('payload' in message) result.payload = message.payload;
      this.acks.push({ ...result, at: Date.now() });
      const pending = this.pendingAcks.get(result.envelope_id);
      if (pending !== undefined) {
        clearTimeout(pending.timer);
        this.pendingAcks.delete(result.envelope_id);
        pending.resolve(result);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.notify(this.socketWaiters, ws);
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      await this.handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), req, raw, res);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      this.handleResponseUrl(url.pathname, raw, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('fake-slack: not found');
  }

  private async handleApi(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const body = await parseBody(raw, req.headers['content-type']);
    const token = bearerToken(req.headers.authorization) ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: CapturedCall = { method, body, raw: raw.toString('utf8'), status: 200, at: Date.now() };
    if (token !== undefined) call.token = token;

    const limit = this.rateLimits.get(method);
    if (limit !== undefined && limit.times > 0) {
      limit.times -= 1;
      if (limit.times === 0) this.rateLimits.delete(method);
      call.status = 429;
      this.calls.push(call);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limit.retryAfterSec) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      this.notify(this.callWaiters, call);
      return;
    }

    this.calls.push(call);
    const override = this.overrides.get(method);
    const reply = override !== undefined ? await override(call) : this.defaultReply(call);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply));
    this.notify(this.callWaiters, call);
  }

  private defaultReply(call: CapturedCall): Record<string, unknown> {
    const { body } = call;
    const channel = typeof body.channel === 'string' ? body.channel : FAKE_SLACK_DEFAULTS.channelId;
    switch (call.method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${FAKE_SLACK_DEFAULTS.teamDomain}.slack.com/`,
          team: 'Fake Team',
          user: 'bot',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        this.ticket += 1;
        return { ok: true, url: `ws://127.0.0.1:${this.port()}/socket?ticket=fake-${this.ticket}` };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.meMessage': {
        const ts = nextTs();
        const message: Record<string, unknown> = {
          type: 'message',
          text: body.text,
          user: this.botUserId,
          bot_id: this.botId,
          ts,
        };
        if (body.blocks !== undefined) message.blocks = body.blocks;
        if (typeof body.thread_ts === 'string') message.thread_ts = body.thread_ts;
        return { ok: true, channel, ts, message_ts: ts, message };
      }
      case 'chat.update':
      case 'chat.delete': {
        // Slack answers with the ts of the message that was changed.
        const ts = typeof body.ts === 'string' ? body.ts : nextTs();
        return { ok: true, channel, ts, text: body.text };
      }
      case 'views.publish': {
        // https://docs.slack.dev/reference/methods/views.publish: a user, and a home view of at most 100 blocks.
        const view = body.view as { type?: unknown; blocks?: unknown } | undefined;
        if (typeof body.user_id !== 'string' || view?.type !== 'home' || !Array.isArray(view.blocks))
          return { ok: false, error: 'invalid_arguments' };
        if (view.blocks.length > 100) return { ok: false, error: 'invalid_blocks' };
        return { ok: true, view: { id: nextId('V'), type: 'home', blocks: view.blocks } };
      }
      default:
        return { ok: true };
    }
  }

  private handleResponseUrl(path: string, raw: Buffer, res: ServerResponse): void {
    const text = raw.toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw string
    }
    const post: ResponseUrlPost = { path, body, at: Date.now() };
    this.responseUrlPosts.push(post);
    const failure = this.responseUrlFailures.shift();
    if (failure !== undefined) {
      res.writeHead(failure.status, { 'content-type': 'text/plain' });
      res.end('expired_url');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    }
    this.notify(this.responseWaiters, post);
  }

  private port(): number {
    return Number(new URL(this.baseUrl).port);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Payload builders (shared by Socket Mode envelopes and HTTP requests)
// ---------------------------------------------------------------------------------------------------------------

export interface SlashCommandExtra {
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  api_app_id?: string;
  response_url?: string;
  trigger_id?: string;
  command?: string;
}

/** A slash command body, as Slack sends it (all string fields; form-encoded over HTTP). */
export function slashCommand(text: string, extra: SlashCommandExtra = {}): Record<string, string> {
  const teamId = extra.team_id ?? FAKE_SLACK_DEFAULTS.teamId;
  return {
    token: FAKE_SLACK_DEFAULTS.verificationToken,
    team_id: teamId,
    team_domain: FAKE_SLACK_DEFAULTS.teamDomain,
    channel_id: extra.channel_id ?? FAKE_SLACK_DEFAULTS.channelId,
    channel_name: extra.channel_name ?? FAKE_SLACK_DEFAULTS.channelName,
    user_id: extra.user_id ?? FAKE_SLACK_DEFAULTS.userId,
    user_name: extra.user_name ?? FAKE_SLACK_DEFAULTS.userName,
    command: extra.command ?? '/ask',
    text,
    api_app_id: extra.api_app_id ?? FAKE_SLACK_DEFAULTS.appId,
    is_enterprise_install: 'false',
    response_url: extra.response_url ?? FAKE_SLACK_DEFAULTS.deadResponseUrl,
    trigger_id: extra.trigger_id ?? `${nextId('')}.${nextId('')}.fake`,
  };
}

export interface EventExtra {
  ts?: string;
  thread_ts?: string;
  channel?: string;
  user?: string;
  event_id?: string;
  team_id?: string;
  api_app_id?: string;
  /** The bot user listed in `authorizations` (must match auth.test's user_id). */
  bot_user_id?: string;
  event_time?: number;
}

export interface SlackMessageEvent {
  type: string;
  user: string;
  text: string;
  ts: string;
  event_ts: string;
  channel: string;
  team: string;
  client_msg_id: string;
  thread_ts?: string;
  channel_type?: string;
  [key: string]: unknown;
}

/** An Events API `event_callback` body (the envelope payload in Socket Mode, the JSON body over HTTP). */
export interface EventCallbackBody {
  token: string;
  team_id: string;
  api_app_id: string;
  event: SlackMessageEvent;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: Array<{
    enterprise_id: null;
    team_id: string;
    user_id: string;
    is_bot: true;
    is_enterprise_install: false;
  }>;
  is_ext_shared_channel: false;
  event_context: string;
}

function eventCallback(event: SlackMessageEvent, extra: EventExtra): EventCallbackBody {
  const teamId = extra.team_id ?? FAKE_SLACK_DEFAULTS.teamId;
  return {
    token: FAKE_SLACK_DEFAULTS.verificationToken,
    team_id: teamId,
    api_app_id: extra.api_app_id ?? FAKE_SLACK_DEFAULTS.appId,
    event,
    type: 'event_callback',
    event_id: extra.event_id ?? nextId('Ev'),
    event_time: extra.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: extra.bot_user_id ?? FAKE_SLACK_DEFAULTS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${nextId('')}`,
  };
}

function baseMessageEvent(type: string, text: string, channel: string, extra: EventExtra): SlackMessageEvent {
  const ts = extra.ts ?? nextTs();
  const event: SlackMessageEvent = {
    type,
    user: extra.user ?? FAKE_SLACK_DEFAULTS.userId,
    text,
    ts,
    event_ts: ts,
    channel,
    team: extra.team_id ?? FAKE_SLACK_DEFAULTS.teamId,
    client_msg_id: randomUUID(),
  };
  if (extra.thread_ts !== undefined) event.thread_ts = extra.thread_ts;
  return event;
}

/**
 * An `app_mention` event_callback. `text` is used verbatim, so include the mention yourself, e.g.
 * `` appMention(`<@${FAKE_SLACK_DEFAULTS.botUserId}> question`) ``.
 */
export function appMention(text: string, extra: EventExtra = {}): EventCallbackBody {
  const event = baseMessageEvent('app_mention', text, extra.channel ?? FAKE_SLACK_DEFAULTS.channelId, extra);
  return eventCallback(event, extra);
}

/** A `message` event_callback in a DM (`channel_type: 'im'`); app mentions are not delivered in DMs. */
export function directMessage(text: string, extra: EventExtra = {}): EventCallbackBody {
  const event = baseMessageEvent('message', text, extra.channel ?? FAKE_SLACK_DEFAULTS.dmChannelId, extra);
  event.channel_type = 'im';
  return eventCallback(event, extra);
}

export interface BlockActionExtra {
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  team_id?: string;
  api_app_id?: string;
  bot_user_id?: string;
  block_id?: string;
  /** ts of the message that carries the button. */
  message_ts?: string;
  thread_ts?: string;
  message_text?: string;
  response_url?: string;
  trigger_id?: string;
  /** Block element type, default `button`. */
  action_type?: string;
}

export interface BlockActionPayload {
  type: 'block_actions';
  user: { id: string; username: string; name: string; team_id: string };
  api_app_id: string;
  token: string;
  container: { type: 'message'; message_ts: string; channel_id: string; is_ephemeral: boolean; thread_ts?: string };
  trigger_id: string;
  team: { id: string; domain: string };
  enterprise: null;
  is_enterprise_install: false;
  channel: { id: string; name: string };
  message: Record<string, unknown>;
  state: { values: Record<string, unknown> };
  response_url: string;
  actions: Array<{
    type: string;
    action_id: string;
    block_id: string;
    value: string;
    action_ts: string;
    text?: { type: 'plain_text'; text: string; emoji: boolean };
  }>;
}

/** An interactive `block_actions` payload for a button on a bot message. */
export function blockAction(actionId: string, value: string, extra: BlockActionExtra = {}): BlockActionPayload {
  const teamId = extra.team_id ?? FAKE_SLACK_DEFAULTS.teamId;
  const channelId = extra.channel_id ?? FAKE_SLACK_DEFAULTS.channelId;
  const messageTs = extra.message_ts ?? nextTs();
  const blockId = extra.block_id ?? 'fake_block';
  const actionType = extra.action_type ?? 'button';
  const container: BlockActionPayload['container'] = {
    type: 'message',
    message_ts: messageTs,
    channel_id: channelId,
    is_ephemeral: false,
  };
  const message: Record<string, unknown> = {
    type: 'message',
    user: extra.bot_user_id ?? FAKE_SLACK_DEFAULTS.botUserId,
    bot_id: FAKE_SLACK_DEFAULTS.botId,
    ts: messageTs,
    text: extra.message_text ?? 'message with a button',
    blocks: [
      {
        type: 'actions',
        block_id: blockId,
        elements: [{ type: actionType, action_id: actionId, value, text: { type: 'plain_text', text: value } }],
      },
    ],
  };
  if (extra.thread_ts !== undefined) {
    container.thread_ts = extra.thread_ts;
    message.thread_ts = extra.thread_ts;
  }
  const action: BlockActionPayload['actions'][number] = {
    type: actionType,
    action_id: actionId,
    block_id: blockId,
    value,
    action_ts: nextTs(),
  };
  if (actionType === 'button') action.text = { type: 'plain_text', text: value, emoji: true };
  return {
    type: 'block_actions',
    user: {
      id: extra.user_id ?? FAKE_SLACK_DEFAULTS.userId,
      username: extra.user_name ?? FAKE_SLACK_DEFAULTS.userName,
      name: extra.user_name ?? FAKE_SLACK_DEFAULTS.userName,
      team_id: teamId,
    },
    api_app_id: extra.api_app_id ?? FAKE_SLACK_DEFAULTS.appId,
    token: FAKE_SLACK_DEFAULTS.verificationToken,
    container,
    trigger_id: extra.trigger_id ?? `${nextId('')}.${nextId('')}.fake`,
    team: { id: teamId, domain: FAKE_SLACK_DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: FAKE_SLACK_DEFAULTS.channelName },
    message,
    state: { values: {} },
    response_url: extra.response_url ?? FAKE_SLACK_DEFAULTS.deadResponseUrl,
    actions: [action],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP mode helpers
// ---------------------------------------------------------------------------------------------------------------

/** `v0=` + hex HMAC-SHA256(secret, `v0:${ts}:${body}`), as Slack signs requests. `timestamp` is in seconds. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** A request body plus its content type, as Slack would POST it to `/slack/events`. */
export interface SlackHttpBody {
  body: string;
  contentType: string;
}

/** Slash commands are form-encoded. */
export function encodeSlashCommand(payload: Record<string, string>): SlackHttpBody {
  return { body: new URLSearchParams(payload).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** Interactive payloads are form-encoded as a single `payload` field holding JSON. */
export function encodeInteractive(payload: object): SlackHttpBody {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** Events API bodies (and url_verification) are JSON. */
export function encodeEvent(payload: object): SlackHttpBody {
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

export interface SignedPostResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
}

/**
 * POSTs a signed Slack request (e.g. to Bolt's `http://127.0.0.1:PORT/slack/events`) and returns the response.
 * `options.headers` can add `x-slack-retry-num` / `x-slack-retry-reason` or override the signature.
 */
export async function postSignedRequest(
  url: string,
  secret: string,
  request: SlackHttpBody,
  options: { timestamp?: number; headers?: Record<string, string> } = {},
): Promise<SignedPostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      ...signSlackRequest(secret, request.body, options.timestamp),
      ...options.headers,
    },
    body: request.body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

// ---------------------------------------------------------------------------------------------------------------
// Logger
// ---------------------------------------------------------------------------------------------------------------

export interface FakeSlackLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  name: string;
  message: string;
  at: number;
}

const LEVEL_ORDER: Readonly<Record<string, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A Bolt `Logger` that records instead of printing. Pass it as `new App({ logger })`: Bolt hands the same logger to
 * its receiver, the SocketModeClient, the SlackWebSocket and every WebClient, so nothing reaches the console.
 * `echo: true` also prints entries at or above the current level (handy while debugging a test).
 */
export class FakeSlackLogger implements Logger {
  readonly entries: FakeSlackLogEntry[] = [];
  private level: LogLevel = LogLevel.INFO;
  private name = 'bolt';
  private readonly echo: boolean;

  constructor(options: { echo?: boolean } = {}) {
    this.echo = options.echo ?? false;
  }

  debug(...msg: unknown[]): void {
    this.add('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.add('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.add('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.add('error', msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  /** Messages logged at `warn` or `error`. */
  problems(): string[] {
    return this.entries.filter((e) => e.level === 'warn' || e.level === 'error').map((e) => e.message);
  }

  private add(level: FakeSlackLogEntry['level'], msg: unknown[]): void {
    const message = msg
      .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m)))
      .join(' ');
    this.entries.push({ level, name: this.name, message, at: Date.now() });
    if (this.echo && (LEVEL_ORDER[level] ?? 0) >= (LEVEL_ORDER[this.level] ?? 0)) {
      console.log(`[fake-slack ${level}] ${this.name}: ${message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------------------------

function rejectAll<T>(waiters: Set<Waiter<T>>, error: Error): void {
  for (const waiter of waiters) {
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
  waiters.clear();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function parseFormValue(key: string, value: string): unknown {
  if (JSON_FORM_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (BOOLEAN_FORM_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? parsed : { value: parsed };
    } catch {
      return {};
    }
  }
  if (type.includes('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    const body: Record<string, unknown> = {};
    form.forEach((value, key) => {
      body[key] = typeof value === 'string' ? parseFormValue(key, value) : { filename: value.name, size: value.size };
    });
    return body;
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) body[key] = parseFormValue(key, value);
  return body;
}

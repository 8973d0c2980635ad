/**
 * A fake Discord on 127.0.0.1 that the real discord.js Client (and @discordjs/rest) talks to: REST under
 * `/api/v10/...` and a JSON gateway WebSocket. No internet, no real token.
 *
 * ```ts
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 * await client.login(FAKE_DISCORD_TOKEN);
 * fake.dispatchInteraction(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'Why?' }]));
 * const callback = await fake.waitForCallback(interaction.id);
 * ```
 *
 * Where the bot's tests depend on it, it behaves like Discord: 400 / 50035 ("Invalid Form Body") for a message
 * that breaks a documented limit or a callback type the interaction cannot take, 400 / 40060 for a second
 * acknowledgement, 404 / 10062 for one after the 3-second deadline, and follow-ups only once acknowledged.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { APIMessage } from 'discord.js';
import type { WebSocket } from 'ws';
import { WebSocketServer, type RawData } from 'ws';
import { choiceErrors, commandErrors, edited, isRecord, messageErrors } from './fake-discord-rules.js';
import {
  autocompletePayload,
  buttonPayload,
  chatInputPayload,
  FAKE_BOT_USER,
  FAKE_DISCORD_DEFAULTS,
  fakeMessage,
  fakeSnowflake,
  type FakeButtonExtras,
  type FakeCommandOption,
  type FakeInteractionExtras,
} from './fake-discord-payloads.js';

export {
  FAKE_DISCORD_DEFAULTS,
  type FakeButtonExtras,
  type FakeCommandOption,
  type FakeInteractionExtras,
} from './fake-discord-payloads.js';

/** A token that looks like a bot token. discord.js accepts any non-empty string; it never decodes it. */
export const FAKE_DISCORD_TOKEN = 'ODAwMDAwMDAwMDAwMDAwMDAx.GfAKEx.fake-discord-token-for-tests-only';

/** One REST call the fake received, and how it answered. */
export interface CapturedRequest {
  method: string;
  /** Decoded path without the query string, e.g. `/api/v10/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; `undefined` when empty. */
  body: unknown;
  /** `Date.now()` when the request arrived. */
  at: number;
  status: number;
  /** Why the fake refused the request (empty when it succeeded). */
  errors: string[];
}

export interface FakeDiscordOptions {
  /** When set, REST calls and IDENTIFY with another token get 401 / close 4004. Default: any token. */
  token?: string;
  /** Time after dispatch within which the first callback must arrive (404 / 10062 after). Default 3000. */
  interactionDeadlineMs?: number;
}

interface Reply {
  status: number;
  body?: unknown;
}

interface InteractionState {
  token: string;
  type: number;
  channelId: string;
  dispatchedAt: number;
  acknowledged: boolean;
  original: APIMessage | null;
  followUps: Map<string, APIMessage>;
}

/** Callback types each interaction type may answer with (2 command, 3 component, 4 autocomplete). */
const CALLBACKS: Record<number, number[]> = { 2: [4, 5], 3: [4, 5, 6, 7], 4: [8] };

export class FakeDiscord {
  readonly applicationId: string = FAKE_DISCORD_DEFAULTS.applicationId;
  /** `http://127.0.0.1:PORT/api`, for `new Client({ rest: { api } })`. */
  readonly apiBase: string;
  /** Every REST call, in arrival order. */
  readonly requests: CapturedRequest[] = [];
  /** Every IDENTIFY received over the gateway: its token, intents and shard. */
  readonly identifies: Array<{ token: string; intents: number; shard?: [number, number] }> = [];
  /** Commands stored by bulk overwrites: key `global` or the guild id. */
  readonly commands = new Map<string, Record<string, unknown>[]>();

  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #gatewayUrl: string;
  readonly #options: FakeDiscordOptions;
  readonly #ready = new Set<WebSocket>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #byToken = new Map<string, InteractionState>();
  readonly #waiters = new Set<(r: CapturedRequest) => void>();
  readonly #overrides: Array<{ match: (r: CapturedRequest) => boolean; reply: Reply; left: number }> = [];
  readonly #sockets = new Set<Socket>();
  #sequence = 0;

  private constructor(server: Server, port: number, options: FakeDiscordOptions) {
    this.#server = server;
    this.#options = options;
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.#gatewayUrl = `ws://127.0.0.1:${port}`;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(server, (server.address() as AddressInfo).port, options);
    server.on('connection', (socket: Socket) => {
      fake.#sockets.add(socket);
      socket.on('close', () => fake.#sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      void fake.#capture(req).then(({ status, body }) => {
        // A 204 must not claim a JSON body: @discordjs/rest would try to parse the empty body.
        if (body === undefined) res.writeHead(status).end();
        else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      fake.#wss.handleUpgrade(req, socket, head, (ws) => fake.#gateway(ws)),
    );
    return fake;
  }

  /** Resolves with the first request (already received or to come) that matches. */
  waitForRequest(match: (r: CapturedRequest) => boolean, timeoutMs = 2000): Promise<CapturedRequest> {
    const seen = this.requests.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (r: CapturedRequest): void => {
        if (!match(r)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join('\n  ');
        reject(new Error(`fake-discord: no matching request within ${timeoutMs} ms. Seen:\n  ${seen || '(none)'}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** The first callback (`POST /interactions/{id}/{token}/callback`) of an interaction. */
  waitForCallback(interactionId: string, timeoutMs = 2000): Promise<CapturedRequest> {
    const prefix = `/api/v10/interactions/${interactionId}/`;
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(prefix), timeoutMs);
  }

  /** Resolves once a client has identified and been sent READY. */
  async waitForReady(timeoutMs = 5000): Promise<void> {
    for (let waited = 0; this.#ready.size === 0; waited += 10) {
      if (waited >= timeoutMs) throw new Error(`fake-discord: no client became ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Requests about an interaction (its callback, `@original`, follow-ups), in order. */
  requestsFor(interaction: { id: string; token: string }): CapturedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${interaction.token}`));
  }

  /** The interaction's original response message, after every reply and edit. */
  originalMessage(interaction: { id: string }): APIMessage | null {
    return this.#interactions.get(interaction.id)?.original ?? null;
  }

  /** The interaction's follow-up messages, in order, after edits. */
  followUpMessages(interaction: { id: string }): APIMessage[] {
    return [...(this.#interactions.get(interaction.id)?.followUps.values() ?? [])];
  }

  /** Answers the next `times` matching requests with `reply` instead of the normal behaviour. */
  override(match: (r: CapturedRequest) => boolean, reply: Reply, times = 1): void {
    this.#overrides.push({ match, reply, left: times });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Sends INTERACTION_CREATE to every ready client and starts the interaction's 3-second clock. */
  dispatchInteraction(interaction: object): void {
    if (this.#ready.size === 0) throw new Error('fake-discord: no ready gateway client to dispatch to');
    const payload = interaction as {
      id?: unknown;
      token?: unknown;
      type?: unknown;
      channel_id?: unknown;
      message?: unknown;
    };
    if (typeof payload.id !== 'string' || typeof payload.token !== 'string' || typeof payload.type !== 'number')
      throw new Error('fake-discord: an interaction needs a string id and token and a numeric type');
    const state: InteractionState = {
      token: payload.token,
      type: payload.type,
      channelId: typeof payload.channel_id === 'string' ? payload.channel_id : FAKE_DISCORD_DEFAULTS.channelId,
      dispatchedAt: Date.now(),
      acknowledged: false,
      // For a button, @original is the message that carries it.
      original:
        payload.type === 3 && isRecord(payload.message)
          ? (structuredClone(payload.message) as unknown as APIMessage)
          : null,
      followUps: new Map(),
    };
    this.#interactions.set(payload.id, state);
    this.#byToken.set(payload.token, state);
    for (const ws of this.#ready)
      ws.send(JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: ++this.#sequence, d: payload }));
  }

  /** A chat-input command interaction. */
  chatInput(name: string, options: FakeCommandOption[] = [], extra: FakeInteractionExtras = {}) {
    return chatInputPayload(this.applicationId, this.#commandId(name, extra), name, options, extra);
  }

  /** An autocomplete interaction. */
  autocomplete(name: string, options: FakeCommandOption[], extra: FakeInteractionExtras = {}) {
    return autocompletePayload(this.applicationId, this.#commandId(name, extra), name, options, extra);
  }

  /** A button click, on `extra.message` (or a default message). */
  button(customId: string, extra: FakeButtonExtras = {}) {
    return buttonPayload(this.applicationId, customId, extra);
  }

  /** Closes gateway connections and the server. Destroy the Client first, or it will try to reconnect. */
  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#ready.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #commandId(name: string, extra: FakeInteractionExtras): string {
    const guild = extra.guildId === undefined ? FAKE_DISCORD_DEFAULTS.guildId : extra.guildId;
    const stored = [
      ...(guild === null ? [] : (this.commands.get(guild) ?? [])),
      ...(this.commands.get('global') ?? []),
    ];
    const id = stored.find((c) => c['name'] === name)?.['id'];
    return typeof id === 'string' ? id : fakeSnowflake();
  }

  async #capture(req: IncomingMessage): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const r: CapturedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      headers: req.headers,
      body,
      at: Date.now(),
      status: 0,
      errors: [],
    };
    const override = this.#overrides.find((o) => o.left > 0 && o.match(r));
    if (override !== undefined) override.left -= 1;
    const reply = override?.reply ?? this.#route(r);
    r.status = reply.status;
    this.requests.push(r);
    for (const waiter of [...this.#waiters]) waiter(r);
    return reply;
  }

  #error(r: CapturedRequest, status: number, code: number, message: string, errors = [message]): Reply {
    r.errors.push(...errors);
    const detail = errors.length === 1 && errors[0] === message ? message : `${message}: ${errors.join('; ')}`;
    return { status, body: { code, message: detail } };
  }

  #route(r: CapturedRequest): Reply {
    const [api, version, s0, s1, s2, s3, s4] = r.path.split('/').slice(1);
    if (api !== 'api' || version !== 'v10') return this.#error(r, 404, 0, '404: Not Found');
    const isWebhook = s0 === 'webhooks' || s0 === 'interactions';
    if (!isWebhook && this.#options.token !== undefined && r.headers.authorization !== `Bot ${this.#options.token}`)
      return this.#error(r, 401, 0, '401: Unauthorized');
    if (r.method === 'GET' && s0 === 'gateway')
      return {
        status: 200,
        body: {
          url: this.#gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      };
    if (s0 === 'interactions' && s1 !== undefined && s2 !== undefined && s3 === 'callback')
      return this.#callback(r, s1, s2);
    if (s0 === 'webhooks' && s2 !== undefined) return this.#webhook(r, s1 ?? '', s2, s3, s4);
    if (s0 === 'applications' && r.method === 'PUT' && (s2 === 'commands' || s4 === 'commands'))
      return this.#overwriteCommands(r, s2 === 'guilds' ? (s3 ?? '') : 'global');
    return r.method === 'DELETE' ? { status: 204 } : { status: 200, body: {} };
  }

  #callback(r: CapturedRequest, interactionId: string, token: string): Reply {
    const state = this.#interactions.get(interactionId);
    if (state === undefined || state.token !== token) return this.#error(r, 404, 10062, 'Unknown interaction');
    if (Date.now() - state.dispatchedAt > (this.#options.interactionDeadlineMs ?? 3000))
      return this.#error(r, 404, 10062, 'Unknown interaction');
    if (state.acknowledged) return this.#error(r, 400, 40060, 'Interaction has already been acknowledged.');
    const body = isRecord(r.body) ? r.body : {};
    const type = typeof body['type'] === 'number' ? body['type'] : -1;
    const data = isRecord(body['data']) ? body['data'] : {};
    let errors: string[] = [];
    if (!(CALLBACKS[state.type] ?? []).includes(type))
      errors = [`type: callback ${type} is not valid for interaction type ${state.type}`];
    else if (type === 4 || type === 7) errors = messageErrors(data, type === 7);
    else if (type === 5 && typeof data['flags'] === 'number' && (data['flags'] & ~64) !== 0)
      errors = ['data.flags: only the ephemeral flag (64) may be set when deferring'];
    else if (type === 8) errors = choiceErrors(data);
    if (errors.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
    state.acknowledged = true;
    if (type === 4) state.original = fakeMessage(state.channelId, data, state.type === 2 ? 20 : 19);
    // A deferral shows "thinking…" (flag 128) until its first edit.
    if (type === 5) state.original = fakeMessage(state.channelId, { flags: 128 | Number(data['flags'] ?? 0) }, 20);
    if (type === 7 && state.original !== null) state.original = edited(state.original, data);
    return { status: 204 };
  }

  #webhook(r: CapturedRequest, appId: string, token: string, sub?: string, messageId?: string): Reply {
    const state = this.#byToken.get(token);
    if (appId !== this.applicationId || state === undefined) return this.#error(r, 404, 10015, 'Unknown Webhook');
    if (sub === undefined && r.method === 'POST') {
      if (!state.acknowledged) return this.#error(r, 404, 10015, 'Unknown Webhook');
      const errors = messageErrors(r.body, false);
      if (errors.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
      const message = fakeMessage(state.channelId, isRecord(r.body) ? r.body : {});
      state.followUps.set(message.id, message);
      return { status: 200, body: message };
    }
    const isOriginal = messageId === '@original' || messageId === state.original?.id;
    const current = isOriginal ? state.original : state.followUps.get(messageId ?? '');
    if (sub !== 'messages' || current === null || current === undefined)
      return this.#error(r, 404, 10008, 'Unknown Message');
    const save = (m: APIMessage | null): void => {
      if (isOriginal) state.original = m;
      else if (m === null) state.followUps.delete(current.id);
      else state.followUps.set(current.id, m);
    };
    if (r.method === 'DELETE') {
      save(null);
      return { status: 204 };
    }
    if (r.method !== 'PATCH') return { status: 200, body: current };
    const errors = messageErrors(r.body, true);
    if (errors.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
    const next = edited(current, isRecord(r.body) ? r.body : {});
    save(next);
    return { status: 200, body: next };
  }

  #overwriteCommands(r: CapturedRequest, key: string): Reply {
    const list = Array.isArray(r.body) ? (r.body as unknown[]) : [];
    const errors = Array.isArray(r.body) ? list.flatMap((c, i) => commandErrors(c, String(i))) : ['body: an array'];
    if (errors.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
    const saved = list.map((c) => ({ ...(c as object), id: fakeSnowflake(), application_id: this.applicationId }));
    this.commands.set(key, saved);
    return { status: 200, body: saved };
  }

  #gateway(ws: WebSocket): void {
    ws.on('error', () => undefined);
    ws.on('close', () => this.#ready.delete(ws));
    ws.on('message', (raw: RawData) => {
      let payload: unknown;
      try {
        payload = JSON.parse(String(raw));
      } catch {
        return ws.close(4002, 'Error while decoding payload.');
      }
      if (!isRecord(payload)) return;
      const d = isRecord(payload['d']) ? payload['d'] : {};
      if (payload['op'] === 1) return ws.send(JSON.stringify({ op: 11 }));
      if (payload['op'] !== 2) return;
      const token = typeof d['token'] === 'string' ? d['token'] : '';
      const shard = Array.isArray(d['shard']) ? (d['shard'] as [number, number]) : undefined;
      this.identifies.push({ token, intents: Number(d['intents'] ?? 0), ...(shard === undefined ? {} : { shard }) });
      if (token === '' || (this.#options.token !== undefined && token !== this.#options.token))
        return ws.close(4004, 'Authentication failed.');
      const ready = {
        v: 10,
        user: { ...FAKE_BOT_USER, flags: 0, mfa_enabled: false, verified: true },
        guilds: [],
        session_id: fakeSnowflake(),
        resume_gateway_url: this.#gatewayUrl,
        shard: shard ?? [0, 1],
        application: { id: this.applicationId, flags: 0 },
      };
      ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.#sequence, d: ready }));
      this.#ready.add(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
  }
}

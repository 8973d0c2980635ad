/**
 * A fake Discord platform on 127.0.0.1 that the real discord.js Client talks to: REST under `/api/v10/...`
 * and a JSON gateway WebSocket. No internet, no real token.
 *
 * ```ts
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 * await client.login(FAKE_DISCORD_TOKEN);
 * fake.dispatchInteraction(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'Why?' }]));
 * const callback = await fake.waitForRequest((r) => r.path.endsWith('/callback'));
 * ```
 *
 * By default the fake behaves like Discord where it matters for a bot: it answers 400 (code 50035, "Invalid Form
 * Body") when a message breaks a documented limit, 400 (40060) for a second acknowledgement, and 404 (10062) for an
 * interaction acknowledged after the 3-second deadline. Turn these off with `validate: false` /
 * `interactionDeadlineMs: Infinity`.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIUser,
} from 'discord.js';

/** A token that looks like a bot token. discord.js accepts any non-empty string; it never decodes it. */
export const FAKE_DISCORD_TOKEN = 'ODAwMDAwMDAwMDAwMDAwMDAx.GfAKEx.fake-discord-token-for-tests-only';

export const FAKE_DISCORD_DEFAULTS = {
  applicationId: '800000000000000001',
  botUserId: '800000000000000001',
  botUsername: 'fake-bot',
  guildId: '810000000000000001',
  channelId: '820000000000000001',
  userId: '830000000000000001',
  username: 'fake-user',
} as const;

export interface CapturedFile {
  /** Form field, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  size: number;
}

export interface CapturedRequest {
  method: string;
  /** Decoded path without the query string, e.g. `/api/v10/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  /** The path as sent (discord.js percent-encodes `@original` as `%40original`). */
  rawPath: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; `undefined` when the body is empty. */
  body: unknown;
  /** Files of a multipart body. */
  files: CapturedFile[];
  /** `Date.now()` when the request arrived. */
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** Why the fake rejected the request (empty when it succeeded). */
  errors: string[];
}

export interface GatewayIdentify {
  token: string;
  intents: number;
  shard?: [number, number];
  properties?: Record<string, unknown>;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  /** When set, REST calls and IDENTIFY with another token get 401 / close 4004. Default: any token is accepted. */
  token?: string;
  /** Reject message payloads that break Discord's limits with 400 / 50035. Default true. */
  validate?: boolean;
  /** Time after dispatch within which the first callback must arrive (404 / 10062 after). Default 3000. */
  interactionDeadlineMs?: number;
  /** Lifetime of an interaction token for webhook calls (401 / 50027 after). Default 15 minutes. */
  tokenLifetimeMs?: number;
  /** Heartbeat interval announced in HELLO. Default 45000. */
  heartbeatIntervalMs?: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One option of an interaction payload; subcommands (type 1) and groups (type 2) carry `options`. */
export interface FakeCommandOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: FakeCommandOption[];
}

export interface FakeInteractionExtras {
  /** `null` makes a bot-DM interaction (user instead of member, context 1, DM channel). */
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  username?: string;
  locale?: string;
  /** Permission bitfield (decimal string) of the bot in the channel. */
  appPermissions?: string;
  /** Permission bitfield (decimal string) of the invoking member. */
  memberPermissions?: string;
  /**
   * `user`: the app is installed to the user's account only (integration
   * type 1). In a server that means the bot is not a member there; with
   * `guildId: null` it makes a DM or group DM between people (context 2).
   */
  install?: 'guild' | 'user';
}

export interface FakeButtonExtras extends FakeInteractionExtras {
  /** Fields merged over the default message that carries the button. */
  message?: Partial<APIMessage>;
}

/** The payload shape accepted by `dispatchInteraction`. */
export interface FakeInteractionPayload {
  id: string;
  token: string;
  type: number;
  application_id: string;
  [key: string]: unknown;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string;
  dispatchedAt: number;
  acknowledged: boolean;
  original: APIMessage | null;
  followUps: Map<string, APIMessage>;
}

interface Waiter {
  predicate: (r: CapturedRequest) => boolean;
  resolve: (r: CapturedRequest) => void;
}

interface Override {
  predicate: (r: CapturedRequest) => boolean;
  response: FakeResponse;
  remaining: number;
}

interface ErrorTree {
  [key: string]: ErrorTree | { code: string; message: string }[];
}

const DISCORD_EPOCH = 1420070400000n;
const FLAG_EPHEMERAL = 64;
const FLAG_LOADING = 128;
const FLAG_COMPONENTS_V2 = 1 << 15;
const ALL_PERMISSIONS = '2251799813685247';
const MEMBER_PERMISSIONS = '2248473465835073';

let sequence = 0n;
/** A fresh snowflake (unique within the process, time-ordered). */
export function fakeSnowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  const ms = BigInt(Date.now()) - DISCORD_EPOCH;
  return ((ms << 22n) | (1n << 17n) | sequence).toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textLength(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

/** Discord-style nested form errors, plus flat strings for test assertions. */
class FormErrors {
  readonly tree: ErrorTree = {};
  readonly flat: string[] = [];

  add(path: (string | number)[], code: string, message: string): void {
    let node: ErrorTree = this.tree;
    for (const key of path) {
      const existing = node[String(key)];
      if (isRecord(existing)) {
        node = existing as ErrorTree;
      } else {
        const next: ErrorTree = {};
        node[String(key)] = next;
        node = next;
      }
    }
    const list = (node['_errors'] ??= []) as { code: string; message: string }[];
    list.push({ code, message });
    this.flat.push(`${path.join('.')}: ${message}`);
  }

  maxLength(path: (string | number)[], value: unknown, max: number): void {
    if (textLength(value) > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  maxItems(path: (string | number)[], value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 0 and ${max} in length.`);
    }
  }
}

function validateEmbeds(embeds: unknown, base: (string | number)[], errors: FormErrors): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errors.add(base, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  errors.maxItems(base, embeds, 10);
  let total = 0;
  embeds.forEach((embed: unknown, i) => {
    if (!isRecord(embed)) return;
    const at = [...base, i];
    errors.maxLength([...at, 'title'], embed['title'], 256);
    errors.maxLength([...at, 'description'], embed['description'], 4096);
    total += textLength(embed['title']) + textLength(embed['description']);
    const footer = embed['footer'];
    if (isRecord(footer)) {
      errors.maxLength([...at, 'footer', 'text'], footer['text'], 2048);
      total += textLength(footer['text']);
    }
    const author = embed['author'];
    if (isRecord(author)) {
      errors.maxLength([...at, 'author', 'name'], author['name'], 256);
      total += textLength(author['name']);
    }
    const fields = embed['fields'];
    if (Array.isArray(fields)) {
      errors.maxItems([...at, 'fields'], fields, 25);
      fields.forEach((field: unknown, j) => {
        if (!isRecord(field)) return;
        const name = field['name'];
        const value = field['value'];
        if (textLength(name) === 0)
          errors.add([...at, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
        if (textLength(value) === 0) {
          errors.add([...at, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        errors.maxLength([...at, 'fields', j, 'name'], name, 256);
        errors.maxLength([...at, 'fields', j, 'value'], value, 1024);
        total += textLength(name) + textLength(value);
      });
    }
  });
  if (total > 6000) errors.add(base, 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

function validateComponents(components: unknown, base: (string | number)[], errors: FormErrors): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(base, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  errors.maxItems(base, components, 5);
  const seen = new Set<string>();
  components.forEach((row: unknown, i) => {
    if (!isRecord(row)) return;
    if (row['type'] !== 1) {
      errors.add([...base, i, 'type'], 'UNION_TYPE_CHOICES', 'Top-level components must be action rows (type 1).');
      return;
    }
    const children = Array.isArray(row['components']) ? (row['components'] as unknown[]) : [];
    if (children.length === 0)
      errors.add([...base, i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    errors.maxItems([...base, i, 'components'], children, 5);
    children.forEach((child: unknown, j) => {
      if (!isRecord(child)) return;
      const at = [...base, i, 'components', j];
      const customId = child['custom_id'];
      if (child['type'] === 2) {
        errors.maxLength([...at, 'label'], child['label'], 80);
        if (child['style'] === 5) {
          if (typeof child['url'] !== 'string')
            errors.add([...at, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
          if (customId !== undefined)
            errors.add([...at, 'custom_id'], 'COMPONENT_LINK_HAS_CUSTOM_ID', 'Link buttons cannot have a custom_id.');
          return;
        }
        if (child['style'] === 6) return; // premium button, no custom_id
      } else if (children.length > 1) {
        errors.add([...at], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'A select menu must be alone in its action row.');
      }
      if (typeof customId !== 'string' || customId.length === 0) {
        errors.add([...at, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else {
        errors.maxLength([...at, 'custom_id'], customId, 100);
        if (seen.has(customId))
          errors.add(
            [...at, 'custom_id'],
            'COMPONENT_CUSTOM_ID_DUPLICATED',
            'Component custom id cannot be duplicated',
          );
        seen.add(customId);
      }
      if (Array.isArray(child['options'])) errors.maxItems([...at, 'options'], child['options'], 25);
    });
  });
}

/** Validates a message body (interaction response data, follow-up, or edit) against Discord's limits. */
function validateMessage(
  data: unknown,
  base: (string | number)[],
  errors: FormErrors,
  options: { requireContent: boolean; files: number },
): void {
  if (!isRecord(data)) {
    if (options.requireContent && options.files === 0)
      errors.add(base, 'BASE_TYPE_REQUIRED', 'Cannot send an empty message');
    return;
  }
  errors.maxLength([...base, 'content'], data['content'], 2000);
  validateEmbeds(data['embeds'], [...base, 'embeds'], errors);
  const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
  if ((flags & FLAG_COMPONENTS_V2) === 0) validateComponents(data['components'], [...base, 'components'], errors);
  if (options.requireContent && options.files === 0) {
    const empty =
      textLength(data['content']) === 0 &&
      !(Array.isArray(data['embeds']) && data['embeds'].length > 0) &&
      !(Array.isArray(data['components']) && data['components'].length > 0) &&
      !(Array.isArray(data['sticker_ids']) && data['sticker_ids'].length > 0) &&
      data['poll'] === undefined;
    if (empty) errors.add(base, 'BASE_TYPE_REQUIRED', 'Cannot send an empty message');
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: CapturedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    // Node's built-in fetch Request parses multipart bodies; no extra dependency.
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    let body: unknown = undefined;
    const files: CapturedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as unknown;
      } else {
        files.push({ field, name: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown, files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

export class FakeDiscord {
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: APIUser;
  /** `http://127.0.0.1:PORT/api`, for `new Client({ rest: { api } })`. */
  readonly apiBase: string;
  /** `ws://127.0.0.1:PORT`, the URL announced by `GET /gateway/bot`. */
  readonly gatewayUrl: string;
  /** Every REST call, in arrival order. */
  readonly requests: CapturedRequest[] = [];
  /** Every IDENTIFY received over the gateway. */
  readonly identifies: GatewayIdentify[] = [];
  /** Commands stored by bulk overwrites: key `global` or the guild id. */
  readonly commands = new Map<string, Record<string, unknown>[]>();

  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #options: Required<Omit<FakeDiscordOptions, 'token'>> & { token: string | undefined };
  readonly #readySockets = new Set<WebSocket>();
  readonly #sequences = new Map<WebSocket, number>();
  readonly #sessions = new Map<string, WebSocket | null>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #byToken = new Map<string, InteractionState>();
  readonly #commandIds = new Map<string, string>();
  readonly #waiters = new Set<Waiter>();
  readonly #readyWaiters = new Set<() => void>();
  readonly #overrides: Override[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server, wss: WebSocketServer, port: number, options: FakeDiscordOptions) {
    this.#server = server;
    this.#wss = wss;
    this.applicationId = options.applicationId ?? FAKE_DISCORD_DEFAULTS.applicationId;
    this.botUserId = options.botUserId ?? options.applicationId ?? FAKE_DISCORD_DEFAULTS.botUserId;
    this.botUser = {
      id: this.botUserId,
      username: options.botUsername ?? FAKE_DISCORD_DEFAULTS.botUsername,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    };
    this.#options = {
      applicationId: this.applicationId,
      botUserId: this.botUserId,
      botUsername: this.botUser.username,
      token: options.token,
      validate: options.validate ?? true,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 45_000,
    };
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const fake = new FakeDiscord(server, wss, port, options);
    server.on('connection', (socket: Socket) => {
      fake.#sockets.add(socket);
      socket.on('close', () => fake.#sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.#handleHttp(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 0, message: `fake-discord: ${String(error)}` }));
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      wss.handleUpgrade(req, socket, head, (ws) => fake.#handleGateway(ws, req));
    });
    return fake;
  }

  // ---------------------------------------------------------------- waiting

  /** Resolves with the first captured request (already captured or future) that matches. */
  waitForRequest(predicate: (r: CapturedRequest) => boolean, timeoutMs = 2000): Promise<CapturedRequest> {
    const existing = this.requests.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (r) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join('\n  ');
        reject(new Error(`fake-discord: no matching request within ${timeoutMs} ms. Seen:\n  ${seen || '(none)'}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** The first interaction callback (`POST /interactions/{id}/{token}/callback`) for the interaction. */
  waitForCallback(interactionId: string, timeoutMs = 2000): Promise<CapturedRequest> {
    return this.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path.startsWith(`/api/v10/interactions/${interactionId}/`) &&
        r.path.endsWith('/callback'),
      timeoutMs,
    );
  }

  /** Resolves once a client has IDENTIFYed and READY was sent to it. */
  waitForReady(timeoutMs = 5000): Promise<void> {
    if (this.#readySockets.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#readyWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#readyWaiters.delete(done);
        reject(new Error(`fake-discord: no client became ready within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#readyWaiters.add(done);
    });
  }

  /** Requests whose path contains the interaction token (callback, @original, follow-ups), in order. */
  requestsFor(interaction: { id: string; token: string }): CapturedRequest[] {
    return this.requests.filter(
      (r) => r.path.includes(`/${interaction.token}`) || r.path.includes(`/${interaction.id}/`),
    );
  }

  /** The current state of the interaction's original response message, after all replies and edits. */
  originalMessage(interaction: { id: string }): APIMessage | null {
    return this.#interactions.get(interaction.id)?.original ?? null;
  }

  /** Follow-up messages of the interaction, in creation order, after edits. */
  followUpMessages(interaction: { id: string }): APIMessage[] {
    return [...(this.#interactions.get(interaction.id)?.followUps.values() ?? [])];
  }

  /** Answer the next `times` matching REST requests with `response` instead of the normal behaviour. */
  override(predicate: (r: CapturedRequest) => boolean, response: FakeResponse, times = 1): void {
    this.#overrides.push({ predicate, response, remaining: times });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  // ---------------------------------------------------------------- gateway

  /** Sends a dispatch event (op 0) to every ready client. */
  dispatch(event: string, data: unknown): void {
    if (this.#readySockets.size === 0) throw new Error('fake-discord: no ready gateway client to dispatch to');
    for (const ws of this.#readySockets) this.#sendDispatch(ws, event, data);
  }

  /** Sends INTERACTION_CREATE and starts the interaction's 3-second clock. */
  dispatchInteraction(payload: object): void {
    const p = payload as Partial<FakeInteractionPayload> & Record<string, unknown>;
    if (typeof p.id !== 'string' || typeof p.token !== 'string' || typeof p.type !== 'number') {
      throw new Error('fake-discord: an interaction payload needs string id, string token and numeric type');
    }
    const channel = isRecord(p['channel']) ? p['channel'] : {};
    const state: InteractionState = {
      id: p.id,
      token: p.token,
      type: p.type,
      channelId:
        typeof p['channel_id'] === 'string'
          ? p['channel_id']
          : String(channel['id'] ?? FAKE_DISCORD_DEFAULTS.channelId),
      dispatchedAt: Date.now(),
      acknowledged: false,
      // For a component interaction, @original is the message that carries the component.
      original:
        p.type === 3 && isRecord(p['message']) ? (structuredClone(p['message']) as unknown as APIMessage) : null,
      followUps: new Map(),
    };
    this.#interactions.set(state.id, state);
    this.#byToken.set(state.token, state);
    this.dispatch('INTERACTION_CREATE', payload);
  }

  /** Closes every gateway connection with `code` (e.g. 4000 to make the client resume, 1000 to end it). */
  disconnectClients(code = 4000): void {
    for (const ws of this.#wss.clients) ws.close(code, 'fake-discord disconnect');
  }

  // ---------------------------------------------------------------- payload builders

  /** A type 2 (APPLICATION_COMMAND) chat-input interaction. */
  chatInput(
    name: string,
    options: FakeCommandOption[] = [],
    extra: FakeInteractionExtras = {},
  ): APIChatInputApplicationCommandInteraction {
    const base = this.#baseInteraction(extra);
    return {
      ...base,
      type: 2,
      data: {
        id: this.#commandId(name, base.guild_id),
        name,
        type: 1,
        ...(options.length > 0 ? { options: options as never } : {}),
      },
    } as unknown as APIChatInputApplicationCommandInteraction;
  }

  /** A type 4 (APPLICATION_COMMAND_AUTOCOMPLETE) interaction; mark the focused option with `focused: true`. */
  autocomplete(
    name: string,
    options: FakeCommandOption[],
    extra: FakeInteractionExtras = {},
  ): APIApplicationCommandAutocompleteInteraction {
    const base = this.#baseInteraction(extra);
    return {
      ...base,
      type: 4,
      data: { id: this.#commandId(name, base.guild_id), name, type: 1, options: options as never },
    } as unknown as APIApplicationCommandAutocompleteInteraction;
  }

  /** A type 3 (MESSAGE_COMPONENT) button click, with the message that carries the button. */
  button(customId: string, extra: FakeButtonExtras = {}): APIMessageComponentButtonInteraction {
    const base = this.#baseInteraction(extra);
    const message: APIMessage = {
      ...this.#newMessage(base.channel_id, { content: 'Earlier answer', components: [] }, { type: 0 }),
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Button', custom_id: customId }] }],
      ...extra.message,
    };
    return {
      ...base,
      type: 3,
      message,
      data: { custom_id: customId, component_type: 2 },
    } as unknown as APIMessageComponentButtonInteraction;
  }

  #baseInteraction(extra: FakeInteractionExtras): {
    id: string;
    application_id: string;
    token: string;
    version: 1;
    locale: string;
    guild_id?: string;
    guild?: { id: string; locale: string; features: string[] };
    guild_locale?: string;
    channel_id: string;
    channel: Record<string, unknown>;
    member?: APIInteractionGuildMember;
    user?: APIUser;
    app_permissions: string;
    entitlements: [];
    authorizing_integration_owners: Record<string, string>;
    context: number;
    attachment_size_limit: number;
  } {
    const guildId = extra.guildId === undefined ? FAKE_DISCORD_DEFAULTS.guildId : extra.guildId;
    const channelId = extra.channelId ?? FAKE_DISCORD_DEFAULTS.channelId;
    const user: APIUser = {
      id: extra.userId ?? FAKE_DISCORD_DEFAULTS.userId,
      username: extra.username ?? FAKE_DISCORD_DEFAULTS.username,
      discriminator: '0',
      global_name: null,
      avatar: null,
    };
    const id = fakeSnowflake();
    const common = {
      id,
      application_id: this.applicationId,
      token: `fake-interaction-token-${id}`,
      version: 1 as const,
      locale: extra.locale ?? 'en-US',
      app_permissions: extra.appPermissions ?? ALL_PERMISSIONS,
      entitlements: [] as [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    const userInstall = extra.install === 'user';
    if (guildId === null) {
      return {
        ...common,
        channel_id: channelId,
        channel: userInstall
          ? { id: channelId, type: 3, flags: 0, last_message_id: null, recipients: [user] }
          : { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [user] },
        user,
        authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': '0' },
        context: userInstall ? 2 : 1,
      };
    }
    return {
      ...common,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: 'general',
        position: 0,
        flags: 0,
        parent_id: null,
        last_message_id: null,
        nsfw: false,
        topic: null,
        rate_limit_per_user: 0,
        permissions: extra.memberPermissions ?? MEMBER_PERMISSIONS,
      },
      member: {
        user,
        roles: [],
        joined_at: '2024-01-01T00:00:00.000000+00:00',
        deaf: false,
        mute: false,
        flags: 0 as APIInteractionGuildMember['flags'],
        nick: null,
        avatar: null,
        pending: false,
        premium_since: null,
        communication_disabled_until: null,
        permissions: extra.memberPermissions ?? MEMBER_PERMISSIONS,
      },
      authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': guildId },
      context: 0,
    };
  }

  #commandId(name: string, guildId: string | undefined): string {
    const registered =
      (guildId === undefined ? undefined : this.commands.get(guildId)?.find((c) => c['name'] === name)) ??
      this.commands.get('global')?.find((c) => c['name'] === name);
    if (registered && typeof registered['id'] === 'string') return registered['id'];
    let id = this.#commandIds.get(name);
    if (id === undefined) {
      id = fakeSnowflake();
      this.#commandIds.set(name, id);
    }
    return id;
  }

  #newMessage(
    channelId: string,
    body: Record<string, unknown>,
    extra: { type: number; files?: CapturedFile[] },
  ): APIMessage {
    const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
    return {
      id: fakeSnowflake(),
      type: extra.type,
      channel_id: channelId,
      author: this.botUser,
      content: typeof body['content'] === 'string' ? body['content'] : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body['tts'] === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: (extra.files ?? []).map((f) => this.#attachment(f)),
      embeds: Array.isArray(body['embeds']) ? (body['embeds'] as never) : [],
      components: Array.isArray(body['components']) ? (body['components'] as never) : [],
      pinned: false,
      flags,
      application_id: this.applicationId,
      webhook_id: this.applicationId,
    };
  }

  #attachment(file: CapturedFile): APIMessage['attachments'][number] {
    const id = fakeSnowflake();
    const url = `${this.apiBase.replace(/\/api$/, '')}/attachments/${id}/${encodeURIComponent(file.name)}`;
    return { id, filename: file.name, size: file.size, url, proxy_url: url, content_type: file.contentType };
  }

  #editMessage(message: APIMessage, body: unknown, files: CapturedFile[]): APIMessage {
    const b = isRecord(body) ? body : {};
    const next: APIMessage = { ...message, edited_timestamp: new Date().toISOString() };
    if ('content' in b) next.content = typeof b['content'] === 'string' ? b['content'] : '';
    if ('embeds' in b) next.embeds = Array.isArray(b['embeds']) ? (b['embeds'] as never) : [];
    if ('components' in b) next.components = Array.isArray(b['components']) ? (b['components'] as never) : [];
    if (typeof b['flags'] === 'number') next.flags = b['flags'];
    // A deferred ("thinking…") response stops loading on its first edit.
    if (next.flags !== undefined) next.flags &= ~FLAG_LOADING;
    if ('attachments' in b && Array.isArray(b['attachments'])) {
      const keep = new Set((b['attachments'] as unknown[]).filter(isRecord).map((a) => String(a['id'])));
      next.attachments = message.attachments.filter((a) => keep.has(a.id));
    }
    next.attachments = [...next.attachments, ...files.map((f) => this.#attachment(f))];
    return next;
  }

  // ---------------------------------------------------------------- HTTP

  async #handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { body, files } = await parseBody(req, raw);
    const captured: CapturedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.split('/').map(safeDecode).join('/'),
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: req.headers,
      body,
      files,
      at: Date.now(),
      status: 0,
      errors: [],
    };
    const override = this.#overrides.find((o) => o.remaining > 0 && o.predicate(captured));
    let response: FakeResponse;
    if (override) {
      override.remaining -= 1;
      response = override.response;
    } else {
      response = this.#route(captured);
    }
    captured.status = response.status;
    this.requests.push(captured);
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(captured)) waiter.resolve(captured);
    }
    const headers: Record<string, string> = { ...response.headers };
    if (response.status === 204 || response.body === undefined) {
      // A 204 must not claim a JSON body: @discordjs/rest would try to parse the empty body.
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    res.writeHead(response.status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(response.body));
  }

  #error(captured: CapturedRequest, status: number, code: number, message: string, errors?: FormErrors): FakeResponse {
    captured.errors.push(...(errors?.flat ?? [message]));
    return { status, body: { code, message, ...(errors ? { errors: errors.tree } : {}) } };
  }

  #route(r: CapturedRequest): FakeResponse {
    const prefix = '/api/v10';
    if (!r.path.startsWith(`${prefix}/`)) return this.#error(r, 404, 0, '404: Not Found');
    const path = r.path.slice(prefix.length);
    const segments = path.split('/').slice(1);
    const isWebhook = segments[0] === 'webhooks' || segments[0] === 'interactions';
    if (!isWebhook && this.#options.token !== undefined && r.headers.authorization !== `Bot ${this.#options.token}`) {
      return this.#error(r, 401, 0, '401: Unauthorized');
    }
    const [s0, s1, s2, s3, s4] = segments;

    if (r.method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (r.method === 'GET' && path === '/users/@me') return { status: 200, body: this.botUser };
    if (r.method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return {
        status: 200,
        body: {
          id: this.applicationId,
          name: this.botUser.username,
          icon: null,
          description: '',
          bot: this.botUser,
          flags: 0,
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          team: null,
        },
      };
    }
    if (s0 === 'interactions' && s1 !== undefined && s2 !== undefined && s3 === 'callback' && r.method === 'POST') {
      return this.#interactionCallback(r, s1, s2);
    }
    if (s0 === 'webhooks' && s1 !== undefined && s2 !== undefined) {
      return this.#webhook(r, s1, s2, s3 === 'messages' ? s4 : undefined, s3);
    }
    if (s0 === 'applications' && s1 !== undefined) {
      const guildId = s2 === 'guilds' ? s3 : undefined;
      const rest = guildId === undefined ? segments.slice(2) : segments.slice(4);
      if (rest[0] === 'commands') return this.#commandsRoute(r, s1, guildId, rest[1]);
    }
    if (r.method === 'DELETE') return { status: 204 };
    return { status: 200, body: {} };
  }

  #interactionCallback(r: CapturedRequest, interactionId: string, token: string): FakeResponse {
    const state = this.#interactions.get(interactionId);
    if (!state || state.token !== token) return this.#error(r, 404, 10062, 'Unknown interaction');
    if (Date.now() - state.dispatchedAt > this.#options.interactionDeadlineMs) {
      return this.#error(r, 404, 10062, 'Unknown interaction');
    }
    if (state.acknowledged) return this.#error(r, 400, 40060, 'Interaction has already been acknowledged.');
    const body = isRecord(r.body) ? r.body : {};
    const type = body['type'];
    const data = body['data'];
    const errors = new FormErrors();
    const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
    if (typeof type !== 'number' || !(allowed[state.type] ?? []).includes(type)) {
      errors.add(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `Callback type ${String(type)} is not valid for interaction type ${state.type}.`,
      );
    } else if (this.#options.validate) {
      if (type === 4) validateMessage(data, ['data'], errors, { requireContent: true, files: r.files.length });
      if (type === 7) validateMessage(data, ['data'], errors, { requireContent: false, files: r.files.length });
      if (
        type === 5 &&
        isRecord(data) &&
        typeof data['flags'] === 'number' &&
        (data['flags'] & ~FLAG_EPHEMERAL) !== 0
      ) {
        errors.add(
          ['data', 'flags'],
          'INTERACTION_RESPONSE_FLAGS_INVALID',
          'Only the ephemeral flag (64) may be set when deferring.',
        );
      }
      if (type === 8) {
        const choices = isRecord(data) ? data['choices'] : undefined;
        if (!Array.isArray(choices)) {
          errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
        } else {
          errors.maxItems(['data', 'choices'], choices, 25);
          choices.forEach((choice: unknown, i) => {
            if (!isRecord(choice)) return;
            if (textLength(choice['name']) === 0)
              errors.add(['data', 'choices', i, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
            errors.maxLength(['data', 'choices', i, 'name'], choice['name'], 100);
            errors.maxLength(['data', 'choices', i, 'value'], choice['value'], 100);
          });
        }
      }
    }
    if (errors.flat.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);

    state.acknowledged = true;
    const messageData = isRecord(data) ? data : {};
    if (type === 4) {
      state.original = this.#newMessage(state.channelId, messageData, {
        type: state.type === 2 ? 20 : 19,
        files: r.files,
      });
    } else if (type === 5) {
      const flags = FLAG_LOADING | (typeof messageData['flags'] === 'number' ? messageData['flags'] : 0);
      state.original = this.#newMessage(state.channelId, { flags }, { type: state.type === 2 ? 20 : 19 });
    } else if (type === 7 && state.original) {
      state.original = this.#editMessage(state.original, messageData, r.files);
    }
    if (r.query['with_response'] !== 'true') return { status: 204 };
    const original = type === 4 || type === 5 || type === 7 ? state.original : null;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          activity_instance_id: null,
          response_message_id: original?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: original ? ((original.flags ?? 0) & FLAG_EPHEMERAL) !== 0 : false,
        },
        resource: { type, ...(original ? { message: original } : {}) },
      },
    };
  }

  #webhook(
    r: CapturedRequest,
    appId: string,
    token: string,
    messageId: string | undefined,
    sub: string | undefined,
  ): FakeResponse {
    const state = this.#byToken.get(token);
    if (appId !== this.applicationId || !state) return this.#error(r, 404, 10015, 'Unknown Webhook');
    if (Date.now() - state.dispatchedAt > this.#options.tokenLifetimeMs)
      return this.#error(r, 401, 50027, 'Invalid Webhook Token');

    if (sub === undefined && r.method === 'POST') {
      if (!state.acknowledged) return this.#error(r, 404, 10015, 'Unknown Webhook');
      const errors = new FormErrors();
      if (this.#options.validate) validateMessage(r.body, [], errors, { requireContent: true, files: r.files.length });
      if (errors.flat.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
      const message = this.#newMessage(state.channelId, isRecord(r.body) ? r.body : {}, { type: 0, files: r.files });
      state.followUps.set(message.id, message);
      return { status: 200, body: message };
    }
    if (sub !== 'messages' || messageId === undefined) return { status: 200, body: {} };

    const isOriginal = messageId === '@original' || messageId === state.original?.id;
    const current = isOriginal ? state.original : state.followUps.get(messageId);
    if (!current) return this.#error(r, 404, 10008, 'Unknown Message');
    if (r.method === 'GET') return { status: 200, body: current };
    if (r.method === 'DELETE') {
      if (isOriginal) state.original = null;
      else state.followUps.delete(messageId);
      return { status: 204 };
    }
    if (r.method === 'PATCH') {
      const errors = new FormErrors();
      if (this.#options.validate) validateMessage(r.body, [], errors, { requireContent: false, files: r.files.length });
      if (errors.flat.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
      const edited = this.#editMessage(current, r.body, r.files);
      if (isOriginal) state.original = edited;
      else state.followUps.set(messageId, edited);
      return { status: 200, body: edited };
    }
    return this.#error(r, 405, 0, '405: Method Not Allowed');
  }

  #commandsRoute(
    r: CapturedRequest,
    appId: string,
    guildId: string | undefined,
    commandId: string | undefined,
  ): FakeResponse {
    if (appId !== this.applicationId) return this.#error(r, 403, 50001, 'Missing Access');
    const key = guildId ?? 'global';
    const stored = this.commands.get(key) ?? [];
    const toCommand = (input: Record<string, unknown>, id?: string): Record<string, unknown> => ({
      type: 1,
      default_member_permissions: null,
      nsfw: false,
      description_localizations: null,
      name_localizations: null,
      ...input,
      id: id ?? (typeof input['id'] === 'string' ? input['id'] : this.#commandId(String(input['name']), guildId)),
      application_id: this.applicationId,
      version: fakeSnowflake(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    });
    if (r.method === 'GET' && commandId === undefined) return { status: 200, body: stored };
    if (r.method === 'PUT' && commandId === undefined) {
      if (!Array.isArray(r.body)) return this.#error(r, 400, 50035, 'Invalid Form Body');
      const errors = new FormErrors();
      errors.maxItems([], r.body, 100);
      (r.body as unknown[]).forEach((command, i) => validateCommand(command, [i], errors));
      if (errors.flat.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
      const echoed = (r.body as Record<string, unknown>[]).map((c) => toCommand(c));
      this.commands.set(key, echoed);
      return { status: 200, body: echoed };
    }
    if (r.method === 'POST' && commandId === undefined) {
      const errors = new FormErrors();
      validateCommand(r.body, [], errors);
      if (errors.flat.length > 0) return this.#error(r, 400, 50035, 'Invalid Form Body', errors);
      const created = toCommand(r.body as Record<string, unknown>);
      this.commands.set(key, [...stored.filter((c) => c['name'] !== created['name']), created]);
      return { status: 201, body: created };
    }
    const existing = stored.find((c) => c['id'] === commandId);
    if (!existing) return this.#error(r, 404, 10063, 'Unknown application command');
    if (r.method === 'GET') return { status: 200, body: existing };
    if (r.method === 'DELETE') {
      this.commands.set(
        key,
        stored.filter((c) => c !== existing),
      );
      return { status: 204 };
    }
    const patched = toCommand({ ...existing, ...(isRecord(r.body) ? r.body : {}) }, commandId);
    this.commands.set(
      key,
      stored.map((c) => (c === existing ? patched : c)),
    );
    return { status: 200, body: patched };
  }

  // ---------------------------------------------------------------- gateway internals

  #send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  #sendDispatch(ws: WebSocket, t: string, d: unknown): void {
    const s = (this.#sequences.get(ws) ?? 0) + 1;
    this.#sequences.set(ws, s);
    this.#send(ws, { op: 0, t, s, d });
  }

  #handleGateway(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.searchParams.has('compress')) {
      // zlib-stream transport compression is not emulated (zlib-sync is not installed, so discord.js never asks).
      ws.close(4000, 'fake-discord: compress is not supported');
      return;
    }
    ws.on('message', (data: RawData) => this.#onGatewayMessage(ws, data));
    ws.on('close', () => {
      this.#readySockets.delete(ws);
      this.#sequences.delete(ws);
    });
    ws.on('error', () => undefined);
    this.#send(ws, { op: 10, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
  }

  #onGatewayMessage(ws: WebSocket, data: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload)) return;
    const d = payload['d'];
    switch (payload['op']) {
      case 1: // HEARTBEAT
        this.#send(ws, { op: 11 });
        return;
      case 2: {
        // IDENTIFY
        const identify = isRecord(d) ? d : {};
        const token = typeof identify['token'] === 'string' ? identify['token'] : '';
        this.identifies.push({
          token,
          intents: typeof identify['intents'] === 'number' ? identify['intents'] : 0,
          ...(Array.isArray(identify['shard']) ? { shard: identify['shard'] as [number, number] } : {}),
          ...(isRecord(identify['properties']) ? { properties: identify['properties'] } : {}),
        });
        if (token === '' || (this.#options.token !== undefined && token !== this.#options.token)) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        const sessionId = fakeSnowflake();
        this.#sessions.set(sessionId, ws);
        this.#sequences.set(ws, 0);
        this.#sendDispatch(ws, 'READY', {
          v: 10,
          user: { ...this.botUser, flags: 0, mfa_enabled: false, verified: true, email: null },
          guilds: [],
          session_id: sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: Array.isArray(identify['shard']) ? identify['shard'] : [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          presences: [],
          relationships: [],
          guild_join_requests: [],
          user_settings: {},
          geo_ordered_rtc_regions: [],
          _trace: ['["fake-discord"]'],
        });
        this.#markReady(ws);
        return;
      }
      case 6: {
        // RESUME
        const sessionId = isRecord(d) ? String(d['session_id']) : '';
        if (!this.#sessions.has(sessionId)) {
          this.#send(ws, { op: 9, d: false });
          return;
        }
        this.#sessions.set(sessionId, ws);
        const seq = isRecord(d) && typeof d['seq'] === 'number' ? d['seq'] : 0;
        this.#sequences.set(ws, seq);
        this.#sendDispatch(ws, 'RESUMED', null);
        this.#markReady(ws);
        return;
      }
      default:
        return; // presence updates, voice state, request guild members: ignored
    }
  }

  #markReady(ws: WebSocket): void {
    this.#readySockets.add(ws);
    for (const done of [...this.#readyWaiters]) done();
  }

  /** Closes gateway connections and the HTTP server. Destroy the Client first, or it will try to reconnect. */
  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#readySockets.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function validateCommand(command: unknown, base: (string | number)[], errors: FormErrors): void {
  if (!isRecord(command)) {
    errors.add(base, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = command['type'] ?? 1;
  const name = command['name'];
  if (typeof name !== 'string' || name.length === 0) {
    errors.add([...base, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (
    type === 1 &&
    (!/^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u.test(name) || name !== name.toLowerCase())
  ) {
    errors.add([...base, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) {
    const description = command['description'];
    if (textLength(description) < 1 || textLength(description) > 100) {
      errors.add([...base, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
  }
  // Installation contexts (0 guild, 1 user) and interaction contexts (0 guild, 1 bot DM, 2 private channel).
  for (const [field, allowed] of [
    ['integration_types', [0, 1]],
    ['contexts', [0, 1, 2]],
  ] as const) {
    const value = command[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.some((v) => !(allowed as readonly unknown[]).includes(v)))
      errors.add([...base, field], 'BASE_TYPE_CHOICES', `Value must be one of ${JSON.stringify(allowed)}.`);
  }
  const options = command['options'];
  if (Array.isArray(options)) {
    errors.maxItems([...base, 'options'], options, 25);
    options.forEach((option: unknown, i) => {
      if (!isRecord(option)) return;
      const at = [...base, 'options', i];
      if (typeof option['max_length'] === 'number' && option['max_length'] > 6000) {
        errors.add([...at, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
      }
      if (Array.isArray(option['choices'])) errors.maxItems([...at, 'choices'], option['choices'], 25);
      if (option['type'] === 1 || option['type'] === 2) validateCommand({ ...option, type: 1 }, at, errors);
    });
  }
}

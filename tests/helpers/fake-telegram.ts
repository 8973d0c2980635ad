/**
 * A minimal fake Telegram Bot API on 127.0.0.1 that the real grammY `Bot` talks to, for offline tests.
 * Point grammY at it with `client: { apiRoot: fake.apiRoot }`. It answers `POST /bot<token>/<method>` with
 * `{ ok, result }`, records every call, and refuses what Telegram refuses: text over 4,096 characters,
 * `callback_data` over 64 bytes, HTML with a tag Telegram does not allow or with a bare `<` or `&`.
 *
 * @see https://core.telegram.org/bots/api#making-requests
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One API call the bot made. */
export interface FakeCall {
  readonly method: string;
  readonly token: string;
  readonly body: Record<string, unknown>;
}

export const FAKE_BOT = { id: 424242, username: 'qa_test_bot', first_name: 'QA' } as const;

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre']);
ALLOWED_TAGS.add('blockquote').add('tg-spoiler').add('span').add('tg-emoji');

/** Why Telegram would refuse this HTML, or undefined when it parses. A small check, not a full parser. */
export function htmlProblem(html: string): string | undefined {
  const open: string[] = [];
  const parts = html.split(/(<[^>]*>|&[^;\s]*;?)/);
  for (const part of parts) {
    if (part.startsWith('&')) {
      if (!/^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);$/i.test(part)) return `bad entity ${part}`;
    } else if (part.startsWith('<')) {
      const m = /^<(\/?)([a-z-]+)(\s[^>]*)?>$/.exec(part);
      if (m === null || !ALLOWED_TAGS.has(m[2] ?? '')) return `unsupported tag ${part}`;
      if (m[1] === '/') {
        if (open.pop() !== m[2]) return `unbalanced ${part}`;
      } else open.push(m[2] ?? '');
    } else if (/[<>]/.test(part)) return 'bare < or >';
  }
  return open.length > 0 ? `unclosed <${open.join('>, <')}>` : undefined;
}

function problemsOf(method: string, body: Record<string, unknown>): string | undefined {
  const text = body.text;
  if (typeof text === 'string') {
    if (text.length === 0 || text.length > 4096) return `Bad Request: message text length ${text.length}`;
    if (body.parse_mode === 'HTML') {
      const why = htmlProblem(text);
      if (why !== undefined) return `Bad Request: can't parse entities: ${why}`;
    }
  }
  const rows = (body.reply_markup as { inline_keyboard?: Array<Array<Record<string, unknown>>> } | undefined)
    ?.inline_keyboard;
  for (const button of rows?.flat() ?? []) {
    const data = button.callback_data;
    if (typeof data === 'string' && (Buffer.byteLength(data) > 64 || data === ''))
      return 'Bad Request: BUTTON_DATA_INVALID';
  }
  if (method === 'answerInlineQuery') {
    const results = body.results as Array<{ input_message_content?: Record<string, unknown> }>;
    if (!Array.isArray(results) || results.length > 50) return 'Bad Request: RESULTS_TOO_MUCH';
    for (const r of results) if (r.input_message_content) return problemsOf('sendMessage', r.input_message_content);
  }
  return undefined;
}

/**
 * Starts the fake. `push()` queues an update for `getUpdates` (long polling: a pending call returns as soon as
 * one is queued); `calls` records every call; `waitFor()` resolves when a matching call has arrived.
 */
export async function startFakeTelegram(options: { readonly token: string }) {
  const calls: FakeCall[] = [];
  const queue: Array<Record<string, unknown>> = [];
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  let waiters: Array<() => void> = [];
  let listeners: Array<() => void> = [];
  const failures = new Map<string, { error_code: number; description: string; parameters?: object }>();
  const wake = (): void => {
    for (const w of waiters) w();
    waiters = [];
  };
  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (m === null || m[1] !== options.token)
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] ?? '';
    const body = (raw === '' ? {} : JSON.parse(raw)) as Record<string, unknown>;
    calls.push({ method, token: m[1], body });
    for (const l of listeners) l();
    const failure = failures.get(method);
    if (failure !== undefined) {
      failures.delete(method);
      return reply(res, failure.error_code, { ok: false, ...failure });
    }
    const problem = problemsOf(method, body);
    if (problem !== undefined) return reply(res, 400, { ok: false, error_code: 400, description: problem });
    const ok = (result: unknown): void => reply(res, 200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok({ ...FAKE_BOT, is_bot: true, can_join_groups: true, supports_inline_queries: true });
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        while (queue.length > 0 && Number(queue[0]?.update_id) < offset) queue.shift();
        const timeout = Math.min(Number(body.timeout ?? 0), 5);
        if (queue.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeout * 1000);
            waiters.push(() => (clearTimeout(timer), resolve()));
            req.once('close', () => (clearTimeout(timer), resolve()));
          });
        }
        return ok(queue.slice(0, Number(body.limit ?? 100)));
      }
      case 'sendMessage':
      case 'editMessageText':
        return ok({
          message_id: method === 'sendMessage' ? nextMessageId++ : Number(body.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: { id: body.chat_id, type: 'private' },
          from: { ...FAKE_BOT, is_bot: true },
          text: body.text,
        });
      default:
        return ok(true);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    /** Queues an update (its `update_id` is filled in) and returns the id. */
    push(update: Record<string, unknown>): number {
      const update_id = nextUpdateId++;
      queue.push({ update_id, ...update });
      wake();
      return update_id;
    },
    /** Fails the next call of `method` with this error (e.g. a 429 with `parameters.retry_after`). */
    failNext(method: string, error: { error_code: number; description: string; parameters?: object }): void {
      failures.set(method, error);
    },
    /** Resolves with the `n`th call (counting from 1) of `method` that matches, waiting up to 10 s. */
    async waitFor(method: string, match: (body: Record<string, unknown>) => boolean = () => true, n = 1) {
      const found = (): FakeCall | undefined => calls.filter((c) => c.method === method && match(c.body))[n - 1];
      const deadline = Date.now() + 10_000;
      while (found() === undefined) {
        if (Date.now() > deadline) throw new Error(`fake Telegram: no ${method} call arrived`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          listeners.push(() => (clearTimeout(timer), resolve()));
        });
        listeners = [];
      }
      return found() as FakeCall;
    },
    async close(): Promise<void> {
      wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The running fake. */
export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;

let nextId = 1;

/** A text message update from a user in a chat (private when `chatId` is the user's id). */
export function textMessage(
  text: string,
  o: { userId?: number; chatId?: number; group?: boolean; replyTo?: unknown } = {},
) {
  const userId = o.userId ?? 7;
  const chatId = o.chatId ?? (o.group === true ? -100123 : userId);
  const commands = [...text.matchAll(/^\/\w+(@\w+)?/g)].map((m) => ({
    type: 'bot_command',
    offset: m.index,
    length: m[0].length,
  }));
  const mentions = [...text.matchAll(/@\w{5,}/g)].map((m) => ({
    type: 'mention',
    offset: m.index,
    length: m[0].length,
  }));
  return {
    message: {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat:
        o.group === true
          ? { id: chatId, type: 'supergroup', title: 'Group' }
          : { id: chatId, type: 'private', first_name: 'A' },
      from: { id: userId, is_bot: false, first_name: 'A' },
      text,
      ...(commands.length + mentions.length > 0 ? { entities: [...commands, ...mentions] } : {}),
      ...(o.replyTo === undefined ? {} : { reply_to_message: o.replyTo }),
    },
  };
}

/** A button press on a message the bot sent (`sent` is the recorded `sendMessage` body). */
export function callbackQuery(data: string, sent: Record<string, unknown>, userId = 7) {
  const chatId = Number(sent.chat_id);
  return {
    callback_query: {
      id: String(nextId++),
      from: { id: userId, is_bot: false, first_name: 'A' },
      chat_instance: 'ci',
      data,
      message: {
        message_id: nextId++,
        date: 0,
        chat:
          chatId < 0
            ? { id: chatId, type: 'supergroup', title: 'Group' }
            : { id: chatId, type: 'private', first_name: 'A' },
        from: { ...FAKE_BOT, is_bot: true },
        // What Telegram delivers: the text with its HTML tags gone and its entities decoded.
        text: String(sent.text)
          .replace(/<[^>]+>/g, '')
          .replaceAll('&lt;', '<')
          .replaceAll('&gt;', '>')
          .replaceAll('&quot;', '"')
          .replaceAll('&amp;', '&'),
      },
    },
  };
}

/** An inline query (`@bot question` typed in any chat). */
export function inlineQuery(query: string, userId = 7) {
  return {
    inline_query: { id: String(nextId++), from: { id: userId, is_bot: false, first_name: 'A' }, query, offset: '' },
  };
}

import type { ServerResponse } from 'node:http';

/**
 * Answers with a text body (empty by default), unless an answer has already
 * started. `headers` may set another `content-type` or `connection: close`.
 * Every response is `cache-control: no-store`.
 *
 * @example
 * sendText(res, 413, 'request body too large\n', { connection: 'close' });
 */
export function sendText(
  res: ServerResponse,
  status: number,
  text = '',
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Answers with `body` as JSON, unless an answer has already started.
 *
 * @example
 * sendJson(res, 200, { type: 1 });
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendText(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

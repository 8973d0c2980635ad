import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, type BodyError } from '../../../adapters/server/read-body.js';
import { sendJson, sendText } from '../../../adapters/server/send.js';

const LIMIT = 1000;

describe('the one body reader and sender of every HTTP route', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      readBody(req, LIMIT).then(
        (body) => sendJson(res, 200, { bytes: body.length, first: body.subarray(0, 3).toString('utf8') }),
        (error: BodyError) => sendText(res, error.status, `${error.message}\n`, { connection: 'close' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads a body up to the limit as raw bytes, and answers JSON', async () => {
    const response = await fetch(url, { method: 'POST', body: 'abc'.padEnd(LIMIT, 'x') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ bytes: LIMIT, first: 'abc' });
  });

  it('refuses a body over the limit with 413, declared or streamed, and the client reads the answer', async () => {
    const declared = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toBe('request body too large\n');
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 3; i++) req.write('x'.repeat(600));
      req.end();
    });
    expect(streamed).toBe(413);
  });

  it('sends nothing more once an answer has started', () => {
    const written: unknown[] = [];
    const res = { headersSent: true, writeHead: () => written.push('head'), end: () => written.push('end') };
    sendJson(res as never, 500, { error: 'late' });
    expect(written).toEqual([]);
  });
});

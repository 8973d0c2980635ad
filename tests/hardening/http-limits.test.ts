import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMaxConnections, startHttpServer } from '../../adapters/server/http-server.js';
import { freePort } from '../helpers/free-port.js';
import { spawnBot, type SpawnedBot } from '../helpers/spawn-bot.js';

const { publicKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');

/** Opens a connection that sends `head` and then nothing; resolves when it is open. */
function slowClient(port: number, head: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise<string>((r) => socket.on('close', () => r(received)));
    socket.once('error', () => undefined);
    socket.once('connect', () => {
      socket.write(head);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

describe('the HTTP server under slow and greedy clients (issue 13, item 7)', () => {
  let bot: SpawnedBot;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    bot = spawnBot({
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
      DISCORD_APPLICATION_ID: '1234567890',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'limits-')),
    });
    expect(await bot.waitFor('"bot ready"')).toBe(true);
  }, 30_000);
  afterAll(() => bot.kill());

  it('cuts 300 connections that never finish their headers within seconds, answering /healthz meanwhile', async () => {
    const started = Date.now();
    const slow = await Promise.all(
      Array.from({ length: 300 }, () => slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')),
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const answers = await Promise.all(slow.map((s) => s.closed));
    // headersTimeout is 5 s, checked every second: Node's default check every 30 s would take far longer.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 408')).length).toBe(300);
  }, 40_000);

  it('answers an unknown path without reading its body, and closes the connection', async () => {
    const { socket, closed } = await slowClient(
      port,
      'POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n' + 'x'.repeat(1000),
    );
    const started = Date.now();
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(Date.now() - started).toBeLessThan(4_000);
    socket.destroy();
  }, 20_000);
});

describe('the connection cap', () => {
  it('stays within the open-file limit', () => {
    expect(defaultMaxConnections('Max open files            1024                 1048576              files')).toBe(
      668,
    );
    expect(defaultMaxConnections('')).toBe(668);
    expect(defaultMaxConnections('Max open files  100  100  files')).toBe(16);
  });

  it('closes connections past the cap at once', async () => {
    const http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      readiness: () => ({}),
      maxConnections: 20,
    });
    const clients = await Promise.all(
      Array.from({ length: 40 }, () => slowClient(http.port, 'GET /healthz HTTP/1.1\r\n')),
    );
    await new Promise((r) => setTimeout(r, 300));
    const open = await new Promise<number>((resolve) => http.server.getConnections((_e, n) => resolve(n)));
    expect(open).toBeLessThanOrEqual(20);
    for (const c of clients) c.socket.destroy();
    await http.close();
  });
});

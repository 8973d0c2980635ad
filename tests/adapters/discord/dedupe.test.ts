import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOptions } from '../../../adapters/discord/gateway.js';
import { createDiscordHttpHandler } from '../../../adapters/discord/http.js';
import { MemoryDedupe } from '../../../src/store/memory-dedupe.js';
import { FakeDiscord } from '../../helpers/fake-discord.js';
import { memoryLogger, realService } from './support.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');

describe('Discord interaction ids, de-duplicated', () => {
  let fake: FakeDiscord;
  const servers: Server[] = [];
  const urls: string[] = [];
  const logs = memoryLogger();
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const { service } = await realService();
    // Two "replicas" sharing one store (Redis in production; the same interface).
    const dedupe = new MemoryDedupe();
    for (let i = 0; i < 2; i++) {
      const handler = createDiscordHttpHandler({
        service,
        publicKey: hex,
        applicationId: fake.applicationId,
        apiUrl: fake.apiBase,
        logger: logs.logger,
        dedupe,
      });
      const server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`);
    }
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    await fake.close();
  });

  const post = async (to: string, payload: unknown): Promise<number> => {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const response = await fetch(to, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': timestamp,
        'x-signature-ed25519': signature,
      },
      body,
    });
    await response.text();
    return response.status;
  };

  it('an interaction delivered twice, to two replicas, is answered once', async () => {
    const ask = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }]);
    expect(await post(urls[0] ?? '', ask)).toBe(200);
    expect(await post(urls[1] ?? '', ask)).toBe(409);
    expect(logs.text()).toContain('discord: ignored a repeat');
    // Autocomplete is never held back.
    const typing = fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'AP', focused: true }]);
    expect([await post(urls[0] ?? '', typing), await post(urls[1] ?? '', typing)]).toEqual([200, 200]);
  });

  it('gives discord.js this replica’s slice of the shards', () => {
    expect(shardOptions(undefined, { ids: [2, 3], count: 4 })).toEqual({ shards: [2, 3], shardCount: 4 });
    expect(shardOptions(2)).toEqual({ shards: [0, 1], shardCount: 2 });
  });
});

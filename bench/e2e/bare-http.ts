/**
 * The Discord HTTP ceiling: a bare node:http server that reads the request
 * body and answers every request with the same JSON, an interaction response
 * of type 4. No routing. Run by bench/e2e.ts as a child process, under the
 * same load as the bot.
 *
 * With DISCORD_PUBLIC_KEY set it first checks the Ed25519 signature, as
 * Discord requires of every endpoint (401 when it fails): the ceiling of any
 * server that verifies, whatever it does next.
 *
 *   PORT=… [DISCORD_PUBLIC_KEY=<64 hex>] node --import tsx bench/e2e/bare-http.ts
 */
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

const BODY = Buffer.from(
  JSON.stringify({ type: 4, data: { content: 'A fixed answer from a bare server.', flags: 64 } }),
);
const hex = process.env['DISCORD_PUBLIC_KEY'];
const key =
  hex === undefined || hex === ''
    ? undefined
    : createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(hex, 'hex')]),
        format: 'der',
        type: 'spki',
      });

const signed = (headers: NodeJS.Dict<string | string[]>, body: Buffer): boolean => {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (key === undefined) return true;
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => {
    if (!signed(req.headers, Buffer.concat(chunks))) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    res.end(BODY);
  });
});
server.listen(Number(process.env['PORT']), '127.0.0.1');

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

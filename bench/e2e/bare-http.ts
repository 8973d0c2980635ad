/**
 * The Discord HTTP ceiling: a bare node:http server that reads the request
 * body and answers every request with the same JSON, an interaction response
 * of type 4. No routing. Run by bench/e2e.ts as a child process, under the
 * same load as the bot.
 *
 * With DISCORD_PUBLIC_KEY set it first checks the Ed25519 signature, as
 * Discord requires of every endpoint (401 when it fails): the ceiling of any
 * server that verifies, whatever it does next. With VERIFY_ON=pool as well,
 * the check runs on libuv's thread pool (`crypto.verify` with a callback), as
 * the bot's own endpoint does, instead of on the event loop.
 *
 *   PORT=… [DISCORD_PUBLIC_KEY=<64 hex> [VERIFY_ON=pool]] node --import tsx bench/e2e/bare-http.ts
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

const onPool = process.env['VERIFY_ON'] === 'pool';

/** Calls `then` with whether the request is signed: at once, or from the thread pool. */
const signed = (headers: NodeJS.Dict<string | string[]>, body: Buffer, then: (ok: boolean) => void): void => {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (key === undefined) return then(true);
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return then(false);
  const data = Buffer.concat([Buffer.from(timestamp), body]);
  if (!onPool) return then(verify(null, data, key, Buffer.from(signature, 'hex')));
  verify(null, data, key, Buffer.from(signature, 'hex'), (error, ok) => then(error === null && ok));
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => {
    signed(req.headers, Buffer.concat(chunks), (ok) => {
      if (!ok) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
      res.end(BODY);
    });
  });
});
server.listen(Number(process.env['PORT']), '127.0.0.1');

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

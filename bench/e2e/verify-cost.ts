/**
 * What the Ed25519 check of a Discord HTTP interaction costs on its own, on
 * this machine: `crypto.verify` with the public KeyObject made once (as the
 * bot does), with a key object made per request (what to avoid), and on
 * libuv's thread pool (as the bot does it now), over a body the size of a
 * bench `/ask` interaction.
 *
 *   npx tsx bench/e2e/verify-cost.ts [count]
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const count = Number(process.argv[2] ?? 5000);
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const der = publicKey.export({ format: 'der', type: 'spki' });
const timestamp = Buffer.from(String(Math.floor(Date.now() / 1000)));
const body = Buffer.alloc(1100, 'x');
const signature = sign(null, Buffer.concat([timestamp, body]), privateKey);

const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function measure(name: string, run: () => void): void {
  for (let i = 0; i < Math.min(500, count); i++) run();
  const wall = performance.now();
  const cpu = cpuMicros();
  for (let i = 0; i < count; i++) run();
  const us = ((performance.now() - wall) * 1000) / count;
  const cpuUs = (cpuMicros() - cpu) / count;
  process.stdout.write(`| ${name} | ${us.toFixed(0)} | ${cpuUs.toFixed(0)} |\n`);
}

process.stdout.write(
  `Ed25519 verify of a ${timestamp.length + body.length}-byte message, ${count} times (Node ${process.version})\n\n`,
);
process.stdout.write('| How | wall µs per check | process CPU µs per check |\n| --- | ---: | ---: |\n');
measure('on the event loop, key object made once', () => {
  verify(null, Buffer.concat([timestamp, body]), publicKey, signature);
});
measure('on the event loop, key object made per check', () => {
  const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  verify(null, Buffer.concat([timestamp, body]), key, signature);
});
{
  // All at once on the thread pool: main-thread time to hand them over, then the time until all are done.
  const cpu = cpuMicros();
  const wall = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < count; i++)
      verify(null, Buffer.concat([timestamp, body]), publicKey, signature, () => {
        if (++done === count) resolve();
      });
  });
  const us = ((performance.now() - wall) * 1000) / count;
  const cpuUs = (cpuMicros() - cpu) / count;
  process.stdout.write(
    `| on the thread pool (${process.env['UV_THREADPOOL_SIZE'] ?? 4} threads), all at once | ${us.toFixed(0)} | ${cpuUs.toFixed(0)} |\n`,
  );
}

import type { IncomingMessage } from 'node:http';

/** A request body over its limit, or a request that broke off: `status` is the HTTP status to answer with. */
export class BodyError extends Error {
  readonly code = 'BODY';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limit` bytes. Rejects with a `BodyError`
 * (413) as soon as the body is over the limit, without reading the rest.
 *
 * @example
 * const body = await readBody(req, 1024 * 1024);
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyError('request body too large', 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyError('request body too large', 413));
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => reject(new BodyError('request broke off', 400)));
  });
}

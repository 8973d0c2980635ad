import type { IncomingMessage } from 'node:http';

/** A request body over its limit, or a request that broke off: `status` is the HTTP status to answer with. */
export class BodyError extends Error {
  readonly code = 'BODY';
  constructor(
    message: string,
    readonly status: 413 | 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BodyError';
  }
}

/**
 * Reads a request body, as raw bytes (for signature checks), up to `limit`
 * bytes: the one body reader of every HTTP route. Rejects with a
 * `BodyError` (413) as soon as the declared or received size is over the
 * limit, keeping nothing of it; the rest is read and dropped so that the
 * client gets the answer, and the connection is cut past ten times the
 * limit. A request that breaks off rejects with a `BodyError` (400).
 * Answer either with `connection: close`.
 *
 * @example
 * const body = await readBody(req, 1024 * 1024);
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const tooLarge = (): void => {
      over = true;
      chunks.length = 0;
      reject(new BodyError('request body too large', 413));
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit) tooLarge();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > limit * 10) req.destroy();
      } else if (size > limit) tooLarge();
      else chunks.push(chunk);
    });
    req.once('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.once('error', (error) => reject(new BodyError('request broke off', 400, { cause: error })));
  });
}

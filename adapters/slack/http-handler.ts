import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { verifySlackSignature } from './verify-request.js';
import { errorForLog } from '../../src/logger.js';

/** Where Slack's HTTP mode sends commands, events and interactions. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Largest request body taken, in bytes. Slack's payloads are far smaller; interactive ones carry the message. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A request whose body has been read, as Bolt's HTTPReceiver accepts it. */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

/** The secret to verify with, where verified requests go, and the clock. */
export interface SlackHttpHandlerOptions {
  readonly signingSecret: string;
  /** Bolt's `HTTPReceiver.requestListener`, built with `signatureVerification: false`: this handler verifies. */
  readonly dispatch: (req: BufferedRequest, res: ServerResponse) => void;
  readonly now: () => number;
  readonly logger: Logger;
  readonly bodyLimit?: number;
}

/**
 * The request listener for POST /slack/events in HTTP mode, for a server
 * someone else runs. It reads the body (413 past the limit), checks the
 * signature and that the timestamp is within 5 minutes either way (401
 * otherwise), then hands the request to Bolt, which answers url_verification
 * and acks commands, events and actions.
 *
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 */
export function createSlackHttpHandler(
  options: SlackHttpHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = options.logger;
  const reply = (res: ServerResponse, status: number, close = false): void => {
    if (res.headersSent) return;
    res.writeHead(status, close ? { connection: 'close' } : {});
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: Buffer): void => {
    if (isSslCheck(req, rawBody)) {
      // Slack's SSL check carries nothing to act on; Bolt also answers it without a signature.
      reply(res, 200);
      return;
    }
    const verdict = verifySlackSignature({
      signingSecret: options.signingSecret,
      headers: req.headers,
      rawBody,
      nowMs: options.now(),
    });
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'slack: refused a request with a bad or missing signature');
      reply(res, 401);
      return;
    }
    const buffered = Object.assign(req, { rawBody });
    buffered.url = SLACK_EVENTS_PATH;
    try {
      options.dispatch(buffered, res);
    } catch (error) {
      log.error({ err: errorForLog(error) }, 'slack: could not dispatch a request to Bolt');
      reply(res, 500);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const refuseTooLarge = (): void => {
      tooLarge = true;
      chunks.length = 0;
      log.warn({ limit }, 'slack: refused a request body over the size limit');
      reply(res, 413, true);
    };
    if (Number.isFinite(declared) && declared > limit) refuseTooLarge();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > limit * 10) req.destroy();
        return;
      }
      if (size > limit) refuseTooLarge();
      else chunks.push(chunk);
    });
    req.on('error', (error) => {
      log.warn({ err: errorForLog(error) }, 'slack: request stream failed');
      reply(res, 400, true);
    });
    req.on('end', () => {
      if (!tooLarge) handle(req, res, Buffer.concat(chunks));
    });
  };
}

const SSL_CHECK = Buffer.from('ssl_check=');

function isSslCheck(req: IncomingMessage, rawBody: Buffer): boolean {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || rawBody.length > 500) return false;
  // Parsed only when the field is there at all: every slash command is form-encoded and this small.
  if (!rawBody.includes(SSL_CHECK)) return false;
  return new URLSearchParams(rawBody.toString('utf8')).get('ssl_check') === '1';
}

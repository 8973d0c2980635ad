import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { verifySlackSignature } from './verify-request.js';
import { errorForLog } from '../../src/logger.js';
import { readBody, type BodyError } from '../server/read-body.js';
import { sendText } from '../server/send.js';

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
  const reply = (res: ServerResponse, status: number, close = false): void =>
    sendText(res, status, '', close ? { connection: 'close' } : {});

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
    const malformed = malformedBody(req, rawBody);
    if (malformed !== undefined) {
      log.warn({ reason: malformed }, 'slack: refused a signed request with a malformed body');
      reply(res, 400);
      return;
    }
    // Bolt takes the body read here (and routes by the path: mount this at SLACK_EVENTS_PATH).
    const buffered = Object.assign(req, { rawBody });
    try {
      options.dispatch(buffered, res);
    } catch (error) {
      log.error({ err: errorForLog(error) }, 'slack: could not dispatch a request to Bolt');
      reply(res, 500);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST') {
      sendText(res, 405, '', { allow: 'POST' });
      return;
    }
    readBody(req, limit).then(
      (rawBody) => handle(req, res, rawBody),
      (error: BodyError) => {
        if (error.status === 413) log.warn({ limit }, 'slack: refused a request body over the size limit');
        else log.warn({ err: errorForLog(error.cause) }, 'slack: request stream failed');
        reply(res, error.status, true);
      },
    );
  };
}

/**
 * Why a signed body is not one Slack sends, or undefined when it is well
 * formed: JSON must be an object, and an `event_callback` must carry an
 * event object with a type; a form must carry a `command`, or a `payload`
 * that is a JSON object with a type. Bolt would otherwise hang or fail
 * (500) on such bodies.
 *
 * @see https://docs.slack.dev/apis/events-api/#callback-field
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#payloads
 */
export function malformedBody(req: IncomingMessage, rawBody: Buffer): string | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const text = rawBody.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    if (form.has('command')) return undefined;
    const payload = form.get('payload');
    if (payload === null) return 'a form with neither command nor payload';
    const parsed = parseJson(payload);
    return isRecord(parsed) && typeof parsed['type'] === 'string' ? undefined : 'payload is not an object with a type';
  }
  const body = parseJson(text);
  if (!isRecord(body)) return 'the body is not a JSON object';
  if (typeof body['type'] !== 'string') return 'the body has no type';
  if (body['type'] === 'event_callback') {
    const event = body['event'];
    if (!isRecord(event) || typeof event['type'] !== 'string') return 'event_callback without an event object';
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SSL_CHECK = Buffer.from('ssl_check=');

function isSslCheck(req: IncomingMessage, rawBody: Buffer): boolean {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || rawBody.length > 500) return false;
  // Parsed only when the field is there at all: every slash command is form-encoded and this small.
  if (!rawBody.includes(SSL_CHECK)) return false;
  return new URLSearchParams(rawBody.toString('utf8')).get('ssl_check') === '1';
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How far a request's timestamp may be from now, either way: 5 minutes. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Why a request was refused; never contains the secret or the signature. */
export type VerifyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing_headers' | 'bad_timestamp' | 'stale' | 'bad_signature' };

/**
 * Checks Slack's request signature: `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` with the signing secret, and a timestamp at
 * most 5 minutes from now in *either* direction (Bolt alone accepts
 * timestamps from the future).
 *
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 * @example
 * verifySlackSignature({ signingSecret, headers: req.headers, rawBody, nowMs: Date.now() }) // { ok: true }
 */
export function verifySlackSignature(options: {
  readonly signingSecret: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly nowMs: number;
}): VerifyResult {
  const signature = single(options.headers['x-slack-signature']);
  const timestamp = single(options.headers['x-slack-request-timestamp']);
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(options.nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', options.signingSecret)
      .update(`v0:${timestamp}:`)
      .update(options.rawBody)
      .digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

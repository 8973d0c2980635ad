import { forLog } from '../../src/logger.js';

/**
 * Credentials that must never reach a log line even if a library puts them
 * in a message: Slack tokens, response_url and webhook paths, and Socket
 * Mode connection tickets.
 */
const SECRETS: ReadonlyArray<[RegExp, string]> = [
  // JSON fields, also inside JSON that was itself put in a string ("…\\"response_url\\":\\"…").
  [/(\\*"(?:response_url|token|bot_token|app_token|access_token|trigger_id)\\*"\s*:\s*\\*")[^"\\]*/g, '$1[redacted]'],
  // Form fields.
  [/\b((?:response_url|token|trigger_id)=)[^&\s"]*/g, '$1[redacted]'],
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/https?:\/\/hooks\.slack\.com\/\S*/g, '[response_url]'],
  [/\/(commands|actions)\/T[A-Z0-9]+\/\S*/g, '/$1/[redacted]'],
  [/([?&]ticket=)[^&\s"']+/g, '$1[redacted]'],
];

/** A library message made safe for a log line: credentials blanked, control characters flattened. */
export function scrubLogText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return forLog(out, 2000);
}

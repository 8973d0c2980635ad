/** What a user asked for, in `/ask …`, a mention or a DM. */
export type SlackRequest =
  | { readonly kind: 'help' }
  | { readonly kind: 'topics' }
  | { readonly kind: 'cite'; readonly address: string }
  | { readonly kind: 'ask'; readonly question: string };

/**
 * Reads the text after `/ask` (or after the mention, or a DM), already
 * decoded with `fromSlackText`: `help` (or nothing), `topics`,
 * `cite <address>`, or else a question.
 *
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 * @example
 * parseRequest('cite §1.2')    // { kind: 'cite', address: '§1.2' }
 * parseRequest('What is APEC?') // { kind: 'ask', question: 'What is APEC?' }
 */
export function parseRequest(text: string): SlackRequest {
  const trimmed = text.trim();
  const word = trimmed.toLowerCase().replace(/[.!?]+$/, '');
  if (word === '' || word === 'help' || word === '?') return { kind: 'help' };
  if (word === 'topics' || word === 'topic' || word === 'contents') return { kind: 'topics' };
  const cite = /^cite\b[\s:]*(.*)$/is.exec(trimmed);
  if (cite !== null) return { kind: 'cite', address: (cite[1] ?? '').trim() };
  return { kind: 'ask', question: trimmed };
}

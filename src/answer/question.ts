/** The longest question the bot takes, in characters. Discord's option `max_length` uses it too. */
export const MAX_QUESTION_LENGTH = 250;

/** A question ready to search, or the short reply that says why it isn't. */
export type CheckedQuestion =
  | { readonly ok: true; readonly question: string }
  | { readonly ok: false; readonly question: string; readonly message: string };

/**
 * Cleans a question (control characters out, whitespace collapsed) and
 * rejects what cannot be a question, with a short reply for the user.
 *
 * @example
 * checkQuestion('  What is APEC?\n') // { ok: true, question: 'What is APEC?' }
 * checkQuestion('')                  // { ok: false, message: 'Please type a question…' }
 */
export function checkQuestion(raw: string): CheckedQuestion {
  const question = raw
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\uFEFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (question === '') {
    return {
      ok: false,
      question,
      message: 'Please type a question, for example: "What is the specific feature of the partnership?"',
    };
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    return {
      ok: false,
      question: question.slice(0, MAX_QUESTION_LENGTH),
      message: `That question is ${question.length} characters long; please keep it under ${MAX_QUESTION_LENGTH}.`,
    };
  }
  if (!/[\p{L}\p{N}]/u.test(question)) {
    return { ok: false, question, message: 'That has no words to search for. Please ask a question in words.' };
  }
  return { ok: true, question };
}

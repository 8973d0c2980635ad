import { z } from 'zod';

/**
 * Action ids of the bot's buttons. Slack wants them unique within a block, so
 * Previous and Next (in one actions block) differ; every Full passage button
 * sits in its own section block and shares one id.
 *
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 */
export const ACTIONS = {
  previous: 'qa_page_previous',
  next: 'qa_page_next',
  share: 'qa_share',
  fullPassage: 'qa_full_passage',
  voteUp: 'qa_vote_up',
  voteDown: 'qa_vote_down',
} as const;

/** Slack's limit on a button's `value`. */
export const MAX_BUTTON_VALUE = 2000;

const pageValue = z.object({
  q: z.string().min(1).max(1000),
  p: z.number().int().min(1).max(1000),
  id: z.string().min(1).max(100),
  /** Who shared the answer in the channel, to keep saying so on other pages. */
  s: z
    .string()
    .regex(/^[UW][A-Z0-9]{1,20}$/)
    .optional(),
});
const passageValue = z.object({ a: z.string().min(1).max(300) });
const voteValue = z.object({
  id: z.string().min(1).max(100),
  v: z.enum(['up', 'down']),
  a: z.string().min(1).max(300).optional(),
});

/** A page of an answer: the question travels in the button, so no state is kept in memory. */
export type PageValue = z.output<typeof pageValue>;
/** The passage a Full passage button shows. */
export type PassageValue = z.output<typeof passageValue>;
/** A 👍 or 👎 on an answer, and the passage it was on. */
export type VoteValue = z.output<typeof voteValue>;

function encode<T>(schema: z.ZodType<T>, value: T): string | undefined {
  const json = JSON.stringify(value);
  return json.length <= MAX_BUTTON_VALUE && schema.safeParse(value).success ? json : undefined;
}

/**
 * Serialises a Previous, Next or Share button's state, or `undefined` when it
 * is not valid or would not fit Slack's 2000-character `value` (the caller
 * then leaves the button out). Whatever it returns, `decodePageValue` reads.
 *
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 * @example
 * encodePageValue({ q: 'What is APEC?', p: 2, id: 'abc' }) // '{"q":"What is APEC?","p":2,"id":"abc"}'
 */
export function encodePageValue(value: PageValue): string | undefined {
  return encode(pageValue, value);
}

/** Serialises a Full passage button's state (see `encodePageValue`). */
export function encodePassageValue(value: PassageValue): string | undefined {
  return encode(passageValue, value);
}

/** Serialises a 👍 or 👎 button's state (see `encodePageValue`). */
export function encodeVoteValue(value: VoteValue): string | undefined {
  return encode(voteValue, value);
}

function decode<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (raw === undefined || raw.length > MAX_BUTTON_VALUE) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a Previous, Next or Share button's value; `undefined` when it is not one of ours. */
export function decodePageValue(raw: string | undefined): PageValue | undefined {
  return decode(pageValue, raw);
}

/** Reads a Full passage button's value. */
export function decodePassageValue(raw: string | undefined): PassageValue | undefined {
  return decode(passageValue, raw);
}

/** Reads a 👍 or 👎 button's value. */
export function decodeVoteValue(raw: string | undefined): VoteValue | undefined {
  return decode(voteValue, raw);
}

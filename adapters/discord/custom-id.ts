import { DISCORD_LIMITS } from './limits.js';

/**
 * What a button does. Its whole state lives in the button's `custom_id`
 * (the question is the title of the message that carries it), so buttons
 * keep working after a restart and on any replica.
 *
 * @see https://discord.com/developers/docs/components/reference#anatomy-of-a-component-custom-id
 */
export type ButtonAction =
  /** Show another page of citations. */
  | { readonly kind: 'page'; readonly page: number; readonly answerId: string }
  /** Post this page of the answer to the channel, for everyone. */
  | { readonly kind: 'post'; readonly page: number; readonly answerId: string }
  /** Show the whole passage at an address. */
  | { readonly kind: 'full'; readonly address: string }
  /** Show the whole passage of the `index`th citation on a page (when its address is too long for a custom_id). */
  | { readonly kind: 'full-at'; readonly page: number; readonly index: number }
  /** 👍 or 👎 on an answer, and the passage it was on when that fits. */
  | { readonly kind: 'vote'; readonly vote: 'up' | 'down'; readonly answerId: string; readonly address?: string };

/** The version prefix of every custom_id this adapter makes; a new format gets a new prefix. */
const CUSTOM_ID_PREFIX = 'a1';

const ANSWER_ID = /^[A-Za-z0-9_-]{1,24}$/;
const MAX_PAGE = 9999;

/** An answer id as it can go into a custom_id: the core's ids are 8 base64url characters. */
function safeAnswerId(answerId: string): string {
  return ANSWER_ID.test(answerId) ? answerId : '-';
}

const page = (n: number): number => (Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), 0), MAX_PAGE) : 0);
const fits = (id: string): string | undefined => (id.length <= DISCORD_LIMITS.customId ? id : undefined);

/**
 * The custom_id for an action, at most 100 characters; `undefined` only when
 * an address is too long to carry (use `full-at` instead, or leave it out).
 *
 * @example
 * encodeAction({ kind: 'page', page: 2, answerId: 'Ab3_x-9Q' }) // 'a1:p:2:Ab3_x-9Q'
 */
export function encodeAction(action: ButtonAction): string | undefined {
  const p = CUSTOM_ID_PREFIX;
  switch (action.kind) {
    case 'page':
      return `${p}:p:${page(action.page)}:${safeAnswerId(action.answerId)}`;
    case 'post':
      return `${p}:post:${page(action.page)}:${safeAnswerId(action.answerId)}`;
    case 'full':
      return action.address === '' ? undefined : fits(`${p}:full:${action.address}`);
    case 'full-at':
      return `${p}:fi:${page(action.page)}:${Math.min(Math.max(Math.trunc(action.index) || 0, 0), 99)}`;
    case 'vote': {
      const base = `${p}:${action.vote}:${safeAnswerId(action.answerId)}`;
      const withAddress =
        action.address === undefined || action.address === '' ? undefined : `${base}:${action.address}`;
      return (withAddress === undefined ? undefined : fits(withAddress)) ?? base;
    }
  }
}

/**
 * Reads a custom_id back, defensively: anything this adapter did not make
 * (or made in an older format) gives `undefined`.
 *
 * @example
 * parseAction('a1:up:Ab3_x-9Q:doc §1.2') // { kind: 'vote', vote: 'up', answerId: 'Ab3_x-9Q', address: 'doc §1.2' }
 * parseAction('sources:1')              // undefined
 */
export function parseAction(customId: string): ButtonAction | undefined {
  if (customId.length > DISCORD_LIMITS.customId) return undefined;
  let m = /^a1:(p|post):(\d{1,4}):([A-Za-z0-9_-]{1,24})$/.exec(customId);
  if (m !== null) {
    const n = Number(m[2]);
    if (n < 1) return undefined;
    return { kind: m[1] === 'p' ? 'page' : 'post', page: n, answerId: m[3] ?? '-' };
  }
  m = /^a1:(up|down):([A-Za-z0-9_-]{1,24})(?::([^\n]+))?$/.exec(customId);
  if (m !== null) {
    const vote = m[1] === 'up' ? 'up' : 'down';
    const answerId = m[2] ?? '-';
    return m[3] === undefined ? { kind: 'vote', vote, answerId } : { kind: 'vote', vote, answerId, address: m[3] };
  }
  m = /^a1:full:([^\n]+)$/.exec(customId);
  if (m?.[1] !== undefined) return { kind: 'full', address: m[1] };
  m = /^a1:fi:(\d{1,4}):(\d{1,2})$/.exec(customId);
  if (m !== null && Number(m[1]) >= 1) return { kind: 'full-at', page: Number(m[1]), index: Number(m[2]) };
  return undefined;
}

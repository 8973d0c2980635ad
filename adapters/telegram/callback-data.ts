/** A button's state, carried in its `callback_data`: the bot keeps no memory of the messages it sent. */
export type ButtonState =
  | { readonly kind: 'page'; readonly page: number; readonly answerId: string }
  | { readonly kind: 'full'; readonly address: string }
  | { readonly kind: 'full-at'; readonly page: number; readonly index: number }
  | { readonly kind: 'vote'; readonly vote: 'up' | 'down'; readonly answerId: string; readonly address?: string };

/** Telegram's limit on `callback_data`, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/**
 * A button state as `callback_data`, or undefined when it is over 64 bytes.
 *
 * @see https://core.telegram.org/bots/api#inlinekeyboardbutton
 * @example
 * encodeState({ kind: 'page', page: 2, answerId: 'AbCdEfGh' }) // 'p|2|AbCdEfGh'
 */
export function encodeState(state: ButtonState): string | undefined {
  const data =
    state.kind === 'page'
      ? `p|${state.page}|${state.answerId}`
      : state.kind === 'full'
        ? `f|${state.address}`
        : state.kind === 'full-at'
          ? `i|${state.page}|${state.index}`
          : `v|${state.vote === 'up' ? 'u' : 'd'}|${state.answerId}${state.address === undefined ? '' : `|${state.address}`}`;
  return Buffer.byteLength(data, 'utf8') <= MAX_CALLBACK_BYTES ? data : undefined;
}

/** The state a `callback_data` carries, or undefined when it is not one of ours. */
export function decodeState(data: string): ButtonState | undefined {
  const [kind, a = '', b = '', ...rest] = data.split('|');
  const n = (s: string): number | undefined => (/^\d{1,4}$/.test(s) ? Number(s) : undefined);
  switch (kind) {
    case 'p': {
      const page = n(a);
      return page === undefined || page < 1 || b === '' ? undefined : { kind: 'page', page, answerId: b };
    }
    case 'f':
      return a === '' ? undefined : { kind: 'full', address: data.slice(2) };
    case 'i': {
      const page = n(a);
      const index = n(b);
      return page === undefined || index === undefined ? undefined : { kind: 'full-at', page, index };
    }
    case 'v': {
      if ((a !== 'u' && a !== 'd') || b === '') return undefined;
      const address = rest.join('|');
      return { kind: 'vote', vote: a === 'u' ? 'up' : 'down', answerId: b, ...(address === '' ? {} : { address }) };
    }
    default:
      return undefined;
  }
}

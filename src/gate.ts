import { STRINGS } from './message/strings.js';
import { MemoryRateLimiter, type RateLimiter } from './store/rate-limiter.js';

/** Who is asking, and where. */
export interface Asker {
  readonly platform: string;
  readonly userId: string;
  readonly channelId?: string;
  /** Discord server or Slack workspace. */
  readonly spaceId?: string;
}

/** Whether a question may be asked, and if not, the polite reply. */
export type GateDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'rate_limited';
      readonly retryAfterSeconds: number;
      readonly message: string;
    }
  | { readonly ok: false; readonly reason: 'not_allowed'; readonly message: string };

export interface GateOptions {
  /** Questions per user per window. */
  readonly questions: number;
  readonly windowSeconds: number;
  /** Per platform, the channels the bot answers in; a missing or empty list means all. */
  readonly channels?: Readonly<Record<string, readonly string[]>>;
  /** Per platform, the servers or workspaces the bot answers in; a missing or empty list means all. */
  readonly spaces?: Readonly<Record<string, readonly string[]>>;
  readonly now?: () => number;
  /** Where the windows are counted: this process (the default) or a store shared by every replica. */
  readonly limiter?: RateLimiter;
}

/**
 * The one place that decides whether a question is taken: a per-user rate
 * limit (a sliding window, in memory or in a shared store) and optional
 * allow-lists of channels and servers. Every platform adapter asks it first.
 *
 * @example
 * const gate = new Gate({ questions: 10, windowSeconds: 60 });
 * await gate.check({ platform: 'discord', userId: '42' }) // { ok: true }
 */
export class Gate {
  readonly #options: GateOptions;
  readonly #limiter: RateLimiter;

  constructor(options: GateOptions) {
    this.#options = options;
    this.#limiter = options.limiter ?? new MemoryRateLimiter(options.now);
  }

  /**
   * Checks an asker against the allow-lists and the rate limit, and counts
   * the action when taken. With `count: false`, only the allow-lists are
   * checked and nothing is counted (autocomplete, a further page).
   */
  async check(asker: Asker, options: { readonly count?: boolean } = {}): Promise<GateDecision> {
    const channels = this.#options.channels?.[asker.platform] ?? [];
    const spaces = this.#options.spaces?.[asker.platform] ?? [];
    if (spaces.length > 0 && (asker.spaceId === undefined || !spaces.includes(asker.spaceId))) {
      return { ok: false, reason: 'not_allowed', message: STRINGS.notInServer };
    }
    if (channels.length > 0 && (asker.channelId === undefined || !channels.includes(asker.channelId))) {
      return { ok: false, reason: 'not_allowed', message: STRINGS.notInChannel };
    }
    if (options.count === false) return { ok: true };
    const key = `${asker.platform}:${asker.userId}`;
    const taken = await this.#limiter.take(key, this.#options.questions, this.#options.windowSeconds * 1000);
    if (taken.ok) return { ok: true };
    const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds,
      message: STRINGS.rateLimited(retryAfterSeconds),
    };
  }
}

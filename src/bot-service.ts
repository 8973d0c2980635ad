import { createHmac, randomBytes } from 'node:crypto';
import type { Answer, Answerer, CiteResult, Topics } from './answer/answer.js';
import type { Asker, Gate } from './gate.js';
import { STRINGS } from './message/strings.js';
import type { BotMetrics } from './metrics.js';
import { NO_METRICS } from './metrics.js';
import type { QuestionLog } from './question-log.js';
import { NO_QUESTION_LOG } from './question-log.js';
import { cleanUserText } from './text/hygiene.js';

/** The reply to a question: an answer (covered or not), or a refusal from the gate. */
export type AskReply =
  | { readonly kind: 'answer'; readonly answer: Answer; readonly answerId: string }
  | {
      readonly kind: 'refused';
      readonly reason: 'rate_limited' | 'not_allowed' | 'shutting_down';
      readonly message: string;
    };

/** Why the gate (or shutdown) turned an action away, and the polite reply. */
export type Refusal = Extract<AskReply, { kind: 'refused' }>;

const SHUTTING_DOWN: Refusal = {
  kind: 'refused',
  reason: 'shutting_down',
  message: STRINGS.restarting,
};

export interface AskRequest {
  readonly asker: Asker;
  readonly question: string;
  /** A further page of an answer already given: not rate limited, not logged again. */
  readonly page?: number;
  readonly perPage?: number;
}

export interface BotServiceOptions {
  /** The current answerer; a function so that a knowledge reload can swap it. */
  readonly answerer: () => Answerer;
  /** Rate limit and allow-lists; none for the terminal. */
  readonly gate?: Gate;
  readonly log?: QuestionLog;
  readonly metrics?: BotMetrics;
  readonly now?: () => number;
  /** Salt for hashing user ids before they are stored. Default: random, for this process only. */
  readonly salt?: string;
}

/**
 * What every platform adapter calls: the gate, the answerer, the question
 * log and the metrics, in one place. Adapters translate a platform request
 * into a call here and render what comes back.
 *
 * @example
 * const reply = await service.ask({ asker: { platform: 'discord', userId: '1' }, question: 'What is APEC?' });
 */
export class BotService {
  readonly #o: BotServiceOptions;
  readonly #log: QuestionLog;
  readonly #metrics: BotMetrics;
  readonly #now: () => number;
  readonly #salt: string;
  #draining = false;
  #inFlight = 0;
  readonly #hashes = new Map<string, string>();
  #random = Buffer.alloc(0);
  #randomAt = 0;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: BotServiceOptions) {
    this.#o = options;
    this.#log = options.log ?? NO_QUESTION_LOG;
    this.#metrics = options.metrics ?? NO_METRICS;
    this.#now = options.now ?? Date.now;
    this.#salt = options.salt ?? randomBytes(32).toString('hex');
  }

  /** Questions being answered right now, including replies still being delivered. */
  get inFlight(): number {
    return this.#inFlight + this.#pending.size;
  }

  /** Whether new questions are being refused (shutdown has begun). */
  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Tracks the delivery of a reply, so that shutdown waits for it. Adapters
   * wrap each interaction's handling in it.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const done = (): void => void this.#pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves when every tracked reply is delivered, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...this.#pending]),
        new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref()),
      ]);
    }
  }

  /** Stops taking new questions (shutdown). Questions already taken are still answered. */
  drain(): void {
    this.#draining = true;
  }

  /** Asks the gate (unless it is a further page), then the answerer; logs and counts the answer. */
  async ask(request: AskRequest): Promise<AskReply> {
    const started = performance.now();
    const { asker } = request;
    if (this.#draining) return this.#refuse(asker, SHUTTING_DOWN);
    if (request.page === undefined) {
      const decision = this.#o.gate === undefined ? ALLOWED : await this.#o.gate.check(asker);
      if (!decision.ok) return this.#refuse(asker, decision);
    }
    this.#inFlight++;
    try {
      // Stored and echoed as cleaned: well-formed, no bidi overrides or invisible characters.
      const answer = this.#o.answerer().ask(cleanUserText(request.question), {
        ...(request.page === undefined ? {} : { page: request.page }),
        ...(request.perPage === undefined ? {} : { perPage: request.perPage }),
      });
      const seconds = (performance.now() - started) / 1000;
      const answerId = this.#answerId();
      if (request.page === undefined) {
        this.#metrics.answered(asker.platform, answer.outcome, seconds);
        this.#log.record({
          id: answerId,
          at: this.#now(),
          platform: asker.platform,
          userId: this.#hashUser(asker),
          question: answer.question,
          outcome: answer.outcome,
          topAddress: answer.answered ? (answer.citations[0]?.address ?? null) : null,
          latencyMs: Math.round(seconds * 100_000) / 100,
        });
      }
      return { kind: 'answer', answer, answerId };
    } finally {
      this.#inFlight--;
    }
  }

  /**
   * Asks the gate whether an asker may do something other than ask (cite,
   * topics, a button, an inline query), and counts it when taken. Undefined
   * when allowed; otherwise the refusal to show. `count: false` checks the
   * allow-lists only, for what must not use up the rate limit: autocomplete
   * (a request per keystroke) and a further page of an answer.
   */
  async admit(asker: Asker, options: { readonly count?: boolean } = {}): Promise<Refusal | undefined> {
    if (this.#draining) return this.#refuse(asker, SHUTTING_DOWN);
    const decision = this.#o.gate === undefined ? ALLOWED : await this.#o.gate.check(asker, options);
    return decision.ok ? undefined : this.#refuse(asker, decision);
  }

  /** Counts a refusal, by platform and reason, and makes the reply. */
  #refuse(asker: Asker, why: { readonly reason: Refusal['reason']; readonly message: string }): Refusal {
    this.#metrics.answered(asker.platform, 'refused', 0);
    this.#metrics.refused?.(asker.platform, why.reason);
    return { kind: 'refused', reason: why.reason, message: why.message };
  }

  cite(address: string): CiteResult {
    return this.#o.answerer().cite(cleanUserText(address));
  }

  topics(): Topics {
    return this.#o.answerer().topics();
  }

  complete(partial: string): string[] {
    return this.#o.answerer().complete(cleanUserText(partial));
  }

  completeAddress(partial: string): Array<{ readonly address: string; readonly label: string }> {
    return this.#o.answerer().completeAddress(partial);
  }

  /** Records a 👍 or 👎 on an answer (and the passage it was on, if any). */
  feedback(asker: Asker, answerId: string, vote: 'up' | 'down', address?: string): void {
    this.#metrics.feedback(asker.platform, vote);
    this.#log.feedback({
      answerId,
      platform: asker.platform,
      userId: this.#hashUser(asker),
      vote,
      ...(address === undefined ? {} : { address }),
      at: this.#now(),
    });
  }

  /**
   * A user id as stored: HMAC-SHA256 keyed with the salt, never the raw id
   * nor a hash anyone can recompute from it. Remembered for the users seen lately.
   */
  #hashUser(asker: Asker): string {
    const key = `${asker.platform}:${asker.userId}`;
    let hash = this.#hashes.get(key);
    if (hash === undefined) {
      hash = createHmac('sha256', this.#salt).update(key).digest('base64url').slice(0, 16);
      if (this.#hashes.size >= HASHES_KEPT) this.#hashes.clear();
      this.#hashes.set(key, hash);
    }
    return hash;
  }

  /** A random answer id (6 bytes, base64url), cut from a block of random bytes drawn once per 1024 ids. */
  #answerId(): string {
    if (this.#randomAt + ANSWER_ID_BYTES > this.#random.length) {
      this.#random = randomBytes(ANSWER_ID_BYTES * 1024);
      this.#randomAt = 0;
    }
    const id = this.#random.toString('base64url', this.#randomAt, this.#randomAt + ANSWER_ID_BYTES);
    this.#randomAt += ANSWER_ID_BYTES;
    return id;
  }
}

const ALLOWED = { ok: true } as const;
/** Random bytes in an answer id: 8 characters of base64url. */
const ANSWER_ID_BYTES = 6;
/** User hashes remembered before the memory starts over. */
const HASHES_KEPT = 10_000;

/**
 * What a platform adapter may call: the gate (`ask` for questions, `admit`
 * for every other action), the answerer's look-ups, feedback and `track` for
 * shutdown. Adapters depend on this port, not on the concrete service.
 */
export type ServicePort = Pick<
  BotService,
  'ask' | 'admit' | 'cite' | 'topics' | 'complete' | 'completeAddress' | 'feedback' | 'track'
>;

import type { CapturedRequest, FakeDiscord } from '../../tests/helpers/fake-discord.js';
import { cycle } from './questions.js';
import { benchUserId } from './signed-requests.js';
import { sleep } from './child.js';
import { ownCpuMs, processCpuMs } from './cpu-time.js';

/** What a burst of gateway interactions measured. Times are `Date.now()`, the fake's own clock. */
export interface BurstFigures {
  readonly count: number;
  /** Dispatches per second asked for; undefined for a burst (all at once). */
  readonly ratePerS: number | undefined;
  /** How long the fake took to queue every INTERACTION_CREATE on the socket (for a burst), or to pace them out. */
  readonly dispatchMs: number;
  /** From the first dispatch to the last reply captured (the callback, or the edit of a deferred one). */
  readonly totalMs: number;
  /** Dispatch → first response (the interaction callback), over the interactions that got one. */
  readonly minMs: number;
  readonly p10Ms: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** First responses that came later than the deadline, or were refused by the fake as too late (10062). */
  readonly overDeadline: number;
  /** Callbacks the fake refused with 404 / 10062 "Unknown interaction". */
  readonly unknownInteraction: number;
  /** Callbacks refused for another reason (e.g. 400 Invalid Form Body). */
  readonly otherRejected: number;
  /** First responses that were a deferral (type 5), answered later by an edit of @original. */
  readonly deferred: number;
  /** Interactions with no first response at all by the end of the wait. */
  readonly missing: number;
  /** First responses captured in each 250 ms after the first dispatch: when the replies came out. */
  readonly timeline: readonly number[];
  /** The bot's CPU time from the first dispatch to the last reply, in ms; undefined without /proc. */
  readonly botCpuMs: number | undefined;
  /** This process's CPU time over the same span (the fake gateway and REST API), in ms. */
  readonly fakeCpuMs: number;
}

interface Track {
  readonly sent: number;
  first?: CapturedRequest;
  replyAt?: number;
}

/**
 * Sends `count` `/ask` INTERACTION_CREATE dispatches from the fake gateway
 * as fast as it can queue them, or paced at `ratePerS` (each another
 * question and another user),
 * then waits until every one has its reply: the interaction callback
 * (type 4), or for a deferral (type 5) the edit of `@original`. The fake
 * answers callbacks after its deadline with 404 / 10062; those count as
 * over the deadline.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export async function gatewayBurst(options: {
  readonly fake: FakeDiscord;
  readonly count: number;
  readonly questions: readonly string[];
  readonly deadlineMs: number;
  /** Give up waiting this long after the last dispatch. */
  readonly waitMs?: number;
  /** The bot's process id, to read its CPU time. */
  readonly botPid: number;
  /** Dispatches per second; by default all at once (a burst). */
  readonly ratePerS?: number;
}): Promise<BurstFigures> {
  const { fake } = options;
  const payloads = Array.from({ length: options.count }, (_, i) =>
    fake.chatInput('ask', [{ name: 'question', type: 3, value: cycle(options.questions, i) }], {
      userId: benchUserId(100_000 + i),
    }),
  );
  const tracks = new Map<string, Track>();
  const byToken = new Map<string, Track>();
  fake.clearRequests();
  const botCpuBefore = processCpuMs(options.botPid);
  const fakeCpuBefore = ownCpuMs();
  const started = Date.now();
  for (const [i, payload] of payloads.entries()) {
    if (options.ratePerS !== undefined) {
      const due = started + (i * 1000) / options.ratePerS;
      if (Date.now() < due) await sleep(due - Date.now());
    }
    const track: Track = { sent: Date.now() };
    tracks.set(payload.id, track);
    byToken.set(payload.token, track);
    fake.dispatchInteraction(payload);
  }
  const dispatchMs = Date.now() - started;
  if (tracks.size !== options.count) throw new Error('bench:e2e: the fake gave two interactions the same id');

  let seen = 0;
  let pending = options.count;
  const giveUp = Date.now() + (options.waitMs ?? 15_000);
  while (pending > 0 && Date.now() < giveUp) {
    await sleep(10);
    for (; seen < fake.requests.length; seen += 1) {
      const r = fake.requests[seen];
      if (r === undefined) continue;
      const callback = /^\/api\/v10\/interactions\/(\d+)\/[^/]+\/callback$/.exec(r.path);
      if (callback !== null && r.method === 'POST') {
        const track = tracks.get(callback[1] ?? '');
        if (track === undefined || track.first !== undefined) continue;
        track.first = r;
        const deferredOk = r.status < 300 && callbackType(r) === 5;
        if (!deferredOk) {
          track.replyAt = r.at;
          pending -= 1;
        }
        continue;
      }
      const edit = /^\/api\/v10\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(r.path);
      if (edit !== null && r.method === 'PATCH') {
        const track = byToken.get(edit[1] ?? '');
        if (track === undefined || track.replyAt !== undefined) continue;
        track.replyAt = r.at;
        pending -= 1;
      }
    }
  }

  const botCpuAfter = processCpuMs(options.botPid);
  const fakeCpuMs = ownCpuMs() - fakeCpuBefore;
  const all = [...tracks.values()];
  const latencies = all
    .filter((t) => t.first !== undefined)
    .map((t) => (t.first?.at ?? 0) - t.sent)
    .sort((a, b) => a - b);
  const unknown = all.filter((t) => t.first?.status === 404).length;
  const lastReply = Math.max(started, ...all.map((t) => t.replyAt ?? 0));
  return {
    count: options.count,
    ratePerS: options.ratePerS,
    dispatchMs,
    totalMs: lastReply - started,
    minMs: latencies[0] ?? Number.NaN,
    p10Ms: percentile(latencies, 0.1),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    overDeadline: all.filter(
      (t) => t.first === undefined || t.first.status === 404 || t.first.at - t.sent > options.deadlineMs,
    ).length,
    unknownInteraction: unknown,
    otherRejected: all.filter((t) => t.first !== undefined && t.first.status >= 300 && t.first.status !== 404).length,
    deferred: all.filter((t) => t.first !== undefined && t.first.status < 300 && callbackType(t.first) === 5).length,
    missing: all.filter((t) => t.first === undefined).length,
    timeline: timeline(
      all.flatMap((t) => (t.first === undefined ? [] : [t.first.at - started])),
      250,
    ),
    botCpuMs: botCpuBefore === undefined || botCpuAfter === undefined ? undefined : botCpuAfter - botCpuBefore,
    fakeCpuMs,
  };
}

function callbackType(r: CapturedRequest): unknown {
  return typeof r.body === 'object' && r.body !== null ? (r.body as { type?: unknown }).type : undefined;
}

/** How many of `times` (ms) fall in each `bucketMs` from 0. */
function timeline(times: readonly number[], bucketMs: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const i = Math.max(0, Math.floor(t / bucketMs));
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

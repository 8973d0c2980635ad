import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Outcome } from '../../src/answer/answer.js';
import type { BotMetrics, RefusalReason, StoreMetrics } from '../../src/metrics.js';

/** Every metric of the bot starts with this; the `bot_` names of earlier versions are documented as renamed. */
export const METRIC_PREFIX = 'qabot_';

/**
 * The bot's metrics in Prometheus format (prom-client), served at /metrics
 * (on METRICS_PORT when it is set). Node's process metrics come with them.
 *
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 * @see https://prometheus.io/docs/practices/naming/
 */
export class PrometheusMetrics implements BotMetrics, StoreMetrics {
  readonly registry = new Registry();
  readonly #questions = new Counter({
    name: 'qabot_questions_total',
    help: 'Questions received, by platform and outcome (answered, not_sure, not_covered, invalid, refused).',
    labelNames: ['platform', 'outcome'],
    registers: [this.registry],
  });
  readonly #unanswered = new Counter({
    name: 'qabot_unanswered_questions_total',
    help: "Questions the documents don't cover, by platform.",
    labelNames: ['platform'],
    registers: [this.registry],
  });
  readonly #latency = new Histogram({
    name: 'qabot_answer_latency_seconds',
    help: 'Time to compose an answer, in seconds.',
    labelNames: ['platform'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly #feedback = new Counter({
    name: 'qabot_feedback_total',
    help: 'Feedback votes, by platform and vote.',
    labelNames: ['platform', 'vote'],
    registers: [this.registry],
  });
  readonly #refusals = new Counter({
    name: 'qabot_refusals_total',
    help: 'Questions refused, by platform and reason (rate_limited, not_allowed, shutting_down).',
    labelNames: ['platform', 'reason'],
    registers: [this.registry],
  });
  readonly #deliveryFailures = new Counter({
    name: 'qabot_delivery_failures_total',
    help: "Replies the platform did not take, by platform and reason (the platform's error code).",
    labelNames: ['platform', 'reason'],
    registers: [this.registry],
  });
  readonly #deferrals = new Counter({
    name: 'qabot_deferrals_total',
    help: 'Responses deferred because the answer was not ready in time, by platform.',
    labelNames: ['platform'],
    registers: [this.registry],
  });
  readonly #storeErrors = new Counter({
    name: 'qabot_store_errors_total',
    help: 'Failed store operations, by store and operation.',
    labelNames: ['store', 'operation'],
    registers: [this.registry],
  });
  readonly #passages = new Gauge({
    name: 'qabot_passages_indexed',
    help: 'Passages in the search index.',
    registers: [this.registry],
  });
  readonly #version = new Gauge({
    name: 'qabot_knowledge_info',
    help: 'The knowledge version (content hash) being served; the value is always 1.',
    labelNames: ['version'],
    registers: [this.registry],
  });
  readonly #reloads = new Counter({
    name: 'qabot_knowledge_reloads_total',
    help: 'Knowledge reloads after a change in the folder, by result (ok, failed).',
    labelNames: ['result'],
    registers: [this.registry],
  });

  readonly #fallbacks = new Counter({
    name: 'qabot_store_fallbacks_total',
    help: 'Decisions this process took alone because a shared store (Redis) did not answer, by store and operation.',
    labelNames: ['store', 'operation'],
    registers: [this.registry],
  });
  readonly #dropped = new Counter({
    name: 'qabot_question_log_dropped_total',
    help: 'Question-log rows dropped because the write queue was full (the database was down too long).',
    registers: [this.registry],
  });
  readonly #queued = new Gauge({
    name: 'qabot_question_log_queued',
    help: 'Question-log rows waiting to be written to the database.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  answered(platform: string, outcome: Outcome | 'refused', seconds: number): void {
    this.#questions.inc({ platform, outcome });
    if (outcome === 'not_covered' || outcome === 'not_sure') this.#unanswered.inc({ platform });
    if (outcome !== 'refused') this.#latency.observe({ platform }, seconds);
  }

  feedback(platform: string, vote: 'up' | 'down'): void {
    this.#feedback.inc({ platform, vote });
  }

  refused(platform: string, reason: RefusalReason): void {
    this.#refusals.inc({ platform, reason });
  }

  deliveryFailed(platform: string, reason: string): void {
    this.#deliveryFailures.inc({ platform, reason });
  }

  deferred(platform: string): void {
    this.#deferrals.inc({ platform });
  }

  storeError(store: string, operation: string): void {
    this.#storeErrors.inc({ store, operation });
  }

  /** Records what is being served after a (re)load. */
  knowledge(version: string, passages: number): void {
    this.#version.reset();
    this.#version.set({ version }, 1);
    this.#passages.set(passages);
  }

  reload(result: 'ok' | 'failed'): void {
    this.#reloads.inc({ result });
  }

  storeFallback(store: 'redis', operation: 'rate_limit' | 'dedupe'): void {
    this.#fallbacks.inc({ store, operation });
  }

  questionLogDropped(rows: number): void {
    this.#dropped.inc(rows);
  }

  questionLogQueued(rows: number): void {
    this.#queued.set(rows);
  }
}

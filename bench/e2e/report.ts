import type { BurstFigures } from './gateway-burst.js';
import type { LoadSummary } from './group.js';

/** Every figure of one run of `npm run bench:e2e`, as `--json` writes it. */
export interface E2eReport {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: {
    readonly node: string;
    readonly cpu: string;
    readonly cores: number;
    readonly loadAvgStart: readonly number[];
    readonly loadAvgEnd: readonly number[];
  };
  readonly settings: {
    readonly durationS: number;
    readonly warmupS: number;
    readonly connections: number;
    readonly rounds: number;
    readonly burst: number;
    readonly pacedRate: number;
  };
  readonly slack?: Pair & {
    /** The same bot with DATABASE_URL and REDIS_URL set: the question log on PostgreSQL, limits and de-dup on Redis. */
    readonly shared?: LoadSummary;
  };
  readonly discord?: Pair & {
    /** For reference, not a target: the bare server that also checks the Ed25519 signature. */
    readonly verifying?: LoadSummary;
    /** For reference, not a target: the same, with the check on libuv's thread pool (as the bot does it). */
    readonly verifyingOnPool?: LoadSummary;
  };
  readonly gateway?: BurstFigures;
  /** For reference, not a target: interactions paced out instead of all at once. */
  readonly gatewayPaced?: BurstFigures;
  /** For reference, not a target: the same burst to a bare discord.js client posting a fixed callback. */
  readonly gatewayBare?: BurstFigures;
  readonly targets: readonly Verdict[];
}

/** Our server and its ceiling, and the ratio of their good responses per second. */
export interface Pair {
  readonly ours: LoadSummary;
  readonly bare: LoadSummary;
  readonly ratio: number;
}

/** One target of the issue and whether this run met it. */
export interface Verdict {
  readonly target: string;
  readonly pass: boolean;
  readonly measured: string;
}

export const TARGETS = {
  slackRatio: 0.7,
  /** The bot on PostgreSQL + Redis against the embedded bot: throughput share, and p99 allowance. */
  sharedRatio: 0.8,
  sharedP99PlusMs: 5,
  discordRatio: 0.5,
  gatewayDeadlineMs: 3000,
  gatewayP99Ms: 200,
} as const;

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '–');

/**
 * Ceiling's CPU per response over ours: the ratio the two would have if each
 * had a whole core to itself, which the machine's other load cannot skew.
 */
export function cpuRatio(p: Pair): number | undefined {
  const ours = p.ours.cpuMsPerResponse;
  const bare = p.bare.cpuMsPerResponse;
  return ours === undefined || bare === undefined || ours === 0 ? undefined : bare / ours;
}

const ratioText = (p: Pair): string => {
  const byCpu = cpuRatio(p);
  return `${pct(p.ratio)}${byCpu === undefined ? '' : ` (by CPU per response: ${pct(byCpu)})`}`;
};
const num = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** The targets of the issue, judged on this run's figures. */
export function judge(report: Omit<E2eReport, 'targets'>): Verdict[] {
  const out: Verdict[] = [];
  if (report.slack !== undefined)
    out.push({
      target: `Slack HTTP ≥ ${pct(TARGETS.slackRatio)} of bare Bolt`,
      pass: report.slack.ratio >= TARGETS.slackRatio,
      measured: ratioText(report.slack),
    });
  const shared = report.slack?.shared;
  if (report.slack !== undefined && shared !== undefined) {
    const ours = report.slack.ours;
    out.push({
      target: `Slack HTTP with PostgreSQL + Redis ≥ ${pct(TARGETS.sharedRatio)} of embedded`,
      pass: shared.okRps / ours.okRps >= TARGETS.sharedRatio,
      measured: pct(shared.okRps / ours.okRps),
    });
    out.push({
      target: `Slack HTTP with PostgreSQL + Redis: p99 within +${TARGETS.sharedP99PlusMs} ms of embedded`,
      pass: shared.p99Ms <= ours.p99Ms + TARGETS.sharedP99PlusMs,
      measured: `${num(shared.p99Ms)} ms against ${num(ours.p99Ms)} ms`,
    });
  }
  if (report.discord !== undefined)
    out.push({
      target: `Discord HTTP ≥ ${pct(TARGETS.discordRatio)} of bare node:http`,
      pass: report.discord.ratio >= TARGETS.discordRatio,
      measured: ratioText(report.discord),
    });
  const g = report.gateway;
  if (g !== undefined) {
    out.push({
      target: `gateway: every reply within ${TARGETS.gatewayDeadlineMs} ms`,
      pass: g.overDeadline === 0 && g.missing === 0 && g.otherRejected === 0,
      measured: `${g.count - g.overDeadline} of ${g.count} in time${g.otherRejected > 0 ? `, ${g.otherRejected} rejected` : ''}`,
    });
    out.push({
      target: `gateway: p99 dispatch → first response < ${TARGETS.gatewayP99Ms} ms`,
      pass: g.p99Ms < TARGETS.gatewayP99Ms,
      measured: `${num(g.p99Ms)} ms`,
    });
  }
  return out;
}

const cpuMs = (x: number | undefined): string => (x === undefined ? '?' : x < 0.1 ? x.toFixed(3) : x.toFixed(2));
const cores = (x: number | undefined): string => (x === undefined ? '?' : `${(x * 100).toFixed(0)}%`);
/** `< 1` for latencies under autocannon's 1 ms resolution. */
const ms = (x: number, digits = 0): string => (Number.isFinite(x) && x < 1 ? '< 1' : num(x, digits));

function notes(s: LoadSummary): string {
  const bad = Object.entries(s.notOk).map(([k, v]) => `${v} ${k}`);
  if (s.errors > 0) bad.push(`${s.errors} connection errors`);
  const counts = bad.length === 0 ? `${s.ok} good responses` : `${s.ok} good; ${bad.join(', ')}`;
  return `${counts}; server CPU ${cores(s.serverCores)}, load generator ${cores(s.generatorCores)}`;
}

function gatewayRow(name: string, g: BurstFigures): string {
  const span =
    g.ratePerS === undefined
      ? `all replies ${num(g.totalMs)} ms after the first dispatch (queuing the dispatches took ${g.dispatchMs} ms)`
      : `all replies ${num(g.totalMs)} ms after the first dispatch`;
  const extra = [
    span,
    `${g.overDeadline} over ${TARGETS.gatewayDeadlineMs} ms`,
    `${g.unknownInteraction} refused as unknown (10062)`,
    ...(g.deferred > 0 ? [`${g.deferred} deferred`] : []),
    ...(g.otherRejected > 0 ? [`${g.otherRejected} rejected otherwise`] : []),
    ...(g.missing > 0 ? [`${g.missing} never answered`] : []),
    `first response after ${num(g.minMs)} ms, p10 ${num(g.p10Ms)} ms`,
    `fake's CPU ${num(g.fakeCpuMs)} ms`,
  ].join('; ');
  const rate = g.ratePerS === undefined ? `${num((g.count / g.totalMs) * 1000)} replies/s` : `${g.ratePerS}/s`;
  const perReply = g.botCpuMs === undefined ? undefined : g.botCpuMs / g.count;
  return `| ${name} | ${rate} | ${num(g.p50Ms)} | ${num(g.p99Ms)} | ${cpuMs(perReply)} | ${extra} |`;
}

/** The report as Markdown: a settings line, the table, the targets. */
export function markdown(r: E2eReport): string {
  const lines: string[] = [];
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  lines.push(
    `\`${r.command}\` at ${r.startedAt}: Node ${r.machine.node}, ${r.machine.cores} × ${r.machine.cpu}; ` +
      `load average (1/5/15 min) ${load(r.machine.loadAvgStart)} at the start, ${load(r.machine.loadAvgEnd)} at the end.`,
    '',
    [
      ...(r.slack !== undefined || r.discord !== undefined
        ? [
            `HTTP rows: autocannon, ${r.settings.connections} connections, ${r.settings.rounds} × ${r.settings.durationS} s ` +
              `per server (every other round in reverse order, after a ${r.settings.warmupS} s warm-up); ` +
              `req/s counts good responses only, mean of the rounds; p50 is the mean, p99 the worst round. ` +
              `CPU per response: the server's CPU time (user + system, from /proc) over its responses. ` +
              `"server CPU" and "load generator": the share of one core each process used.`,
          ]
        : []),
      ...(r.gateway !== undefined
        ? [
            `Gateway rows: ${r.settings.burst} INTERACTION_CREATE at once (then ${r.settings.pacedRate}/s for 5 s), ` +
              `times from each dispatch to the fake's capture of the callback (both Date.now()); ` +
              `CPU per response: the bot's CPU time over the interactions.`,
          ]
        : []),
    ].join(' '),
    '',
    '| Measurement | Throughput | p50 (ms) | p99 (ms) | CPU per response (ms) | Notes |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  );
  const row = (name: string, x: LoadSummary): string =>
    `| ${name} | ${num(x.okRps)} req/s | ${ms(x.p50Ms, 1)} | ${ms(x.p99Ms)} | ${cpuMs(x.cpuMsPerResponse)} | ${notes(x)} |`;
  const ratioRow = (p: Pair, what: string, bold: boolean): string => {
    const byCpu = cpuRatio(p);
    const ratio = bold ? `**${pct(p.ratio)}**` : pct(p.ratio);
    return `| ratio | ${ratio} | | | ${byCpu === undefined ? '' : pct(byCpu)} | ${what} |`;
  };
  if (r.slack !== undefined)
    lines.push(
      row('Slack HTTP (ours)', r.slack.ours),
      row('bare Bolt', r.slack.bare),
      ratioRow(r.slack, 'ours / bare Bolt', true),
    );
  if (r.slack?.shared !== undefined)
    lines.push(
      row('Slack HTTP with PostgreSQL + Redis (ours)', r.slack.shared),
      ratioRow(
        { ours: r.slack.shared, bare: r.slack.ours, ratio: r.slack.shared.okRps / r.slack.ours.okRps },
        'with PostgreSQL + Redis / embedded (SQLite + memory)',
        true,
      ),
    );
  if (r.discord !== undefined) {
    lines.push(
      row('Discord HTTP (ours)', r.discord.ours),
      row('bare node:http', r.discord.bare),
      ratioRow(r.discord, 'ours / bare node:http', true),
    );
    const references: Array<[string, LoadSummary | undefined]> = [
      ['bare node:http + Ed25519 check', r.discord.verifying],
      ['bare node:http + Ed25519 check on the thread pool', r.discord.verifyingOnPool],
    ];
    for (const [name, v] of references)
      if (v !== undefined)
        lines.push(
          row(`for reference: ${name}`, v),
          ratioRow(
            { ours: r.discord.ours, bare: v, ratio: r.discord.ours.okRps / v.okRps },
            `ours / bare + check; the check alone leaves ${pct(v.okRps / r.discord.bare.okRps)} of bare`,
            false,
          ),
        );
  }
  if (r.gateway !== undefined) lines.push(gatewayRow(`gateway burst (${r.gateway.count} × /ask)`, r.gateway));
  if (r.gatewayPaced !== undefined)
    lines.push(
      gatewayRow(
        `for reference: gateway paced (${r.gatewayPaced.count} at ${r.gatewayPaced.ratePerS ?? '?'}/s)`,
        r.gatewayPaced,
      ),
    );
  if (r.gatewayBare !== undefined)
    lines.push(
      gatewayRow(
        `for reference: bare discord.js client, fixed callback (${r.gatewayBare.count} at once)`,
        r.gatewayBare,
      ),
    );
  lines.push('', '**Targets**', '');
  for (const v of r.targets) lines.push(`- ${v.pass ? 'PASS' : 'FAIL'}: ${v.target} (measured ${v.measured})`);
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run report [-- --json]`: what the question log says about the
 * knowledge: unanswered questions (the gaps), feedback per passage, and
 * volume per day and platform. It reads PostgreSQL when DATABASE_URL is
 * set (every replica's rows), else the SQLite file in DATA_DIR.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ConfigError, parseConfig, type Config } from '../adapters/config.js';
import { pgPool } from '../src/log/pg-question-log.js';
import { buildPgReport, buildReport, type Report } from '../src/log/report.js';
import { withoutPasswords } from '../src/store/redact-url.js';

function table(headers: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return '  (none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: Array<string | number>): string =>
    `  ${cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function render(report: Report): string {
  return [
    'Unanswered questions, most frequent first (the gaps in the knowledge):',
    table(
      ['count', 'not sure', 'last asked', 'question'],
      report.unanswered.map((u) => [u.count, u.notSure, u.last, u.question]),
    ),
    '',
    'Feedback per passage:',
    table(
      ['👍', '👎', 'passage'],
      report.feedback.map((f) => [f.up, f.down, f.address]),
    ),
    '',
    'Questions per day and platform:',
    table(
      ['day', 'platform', 'questions', 'answered'],
      report.volume.map((v) => [v.day, v.platform, v.questions, v.answered]),
    ),
  ].join('\n');
}

/** The report from the store the bot is configured with: PostgreSQL (DATABASE_URL) or SQLite in DATA_DIR. */
async function report(config: Config): Promise<Report | string> {
  if (config.DATABASE_URL !== undefined) {
    const pool = pgPool(config.DATABASE_URL, 1);
    try {
      const { rows } = await pool.query<{ found: string | null }>(`SELECT to_regclass('questions')::text AS found`);
      if (rows[0]?.found === null)
        return 'report: no question log in PostgreSQL yet (the bot creates it when it starts).';
      return await buildPgReport(pool);
    } finally {
      await pool.end();
    }
  }
  const file = path.join(config.DATA_DIR, 'questions.db');
  if (!existsSync(file))
    return `report: no question log at ${file} yet (it is created when the bot answers its first question).`;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return buildReport(db);
  } finally {
    db.close();
  }
}

try {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const result = await report(parseConfig(process.env));
  if (typeof result === 'string') {
    process.stderr.write(`${result}\n`);
    process.exitCode = 1;
  } else process.stdout.write(`${values.json ? JSON.stringify(result, null, 2) : render(result)}\n`);
} catch (error) {
  // A connection error may carry the URL: its password never reaches the terminal.
  const message =
    error instanceof ConfigError ? error.message : `report: ${withoutPasswords((error as Error).message)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

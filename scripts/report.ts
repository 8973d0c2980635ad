/**
 * `npm run report [-- --json]`: what the question log says about the
 * knowledge: unanswered questions (the gaps), feedback per passage, and
 * volume per day and platform.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ConfigError, parseConfig } from '../src/config.js';
import { buildReport, type Report } from '../src/log/report.js';

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
      ['count', 'last asked', 'question'],
      report.unanswered.map((u) => [u.count, u.last, u.question]),
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

try {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const config = parseConfig(process.env);
  const file = path.join(config.DATA_DIR, 'questions.db');
  if (!existsSync(file)) {
    process.stderr.write(
      `report: no question log at ${file} yet (it is created when the bot answers its first question).\n`,
    );
    process.exitCode = 1;
  } else {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const report = buildReport(db);
    db.close();
    process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : render(report)}\n`);
  }
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `report: ${(error as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

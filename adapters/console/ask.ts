/**
 * `npm run ask -- [--json] [--page N] "question"`: answers one question
 * from the knowledge folder and prints it. With no question, reads one
 * question per line from standard input. `--cite ADDRESS` and `--topics`
 * look passages up. A contract other tools rely on: see the README.
 *
 * It goes through a `BotService` with no gate and no question log, like the
 * terminal bot: questions and addresses are cleaned as on every platform,
 * and the text printed is the message model, rendered by `renderText`.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Answer } from '../../src/answer/answer.js';
import { BotService } from '../../src/bot-service.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../src/message/build.js';
import { loadAnswerer } from '../load-answerer.js';
import { CONSOLE_ASKER } from './console-bot.js';
import { ANSI, PLAIN, renderText } from './render-text.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

/** The `--json` shape: one object per question. */
export function answerJson(answer: Answer): string {
  return JSON.stringify({
    question: answer.question,
    answered: answer.answered,
    ...(answer.message === undefined ? {} : { message: answer.message }),
    sentence: answer.sentence,
    citations: answer.citations.map((c) => ({
      address: c.address,
      document: c.document,
      ...(c.url === undefined ? {} : { url: c.url }),
      section: c.section,
      text: c.text,
      score: c.score,
      terms: c.terms,
      band: c.band,
    })),
    suggestions: answer.suggestions,
    page: answer.page,
    pages: answer.pages,
    version: answer.version,
  });
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        page: { type: 'string' },
        cite: { type: 'string' },
        topics: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`ask: ${error instanceof Error ? error.message : String(error)}. Try --help.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(
      'usage: npm run ask -- [--json] [--page N] "question"\n       npm run ask -- --cite "slug §1.2" | --topics\n       npm run ask -- [--json] < questions.txt\n',
    );
    return 0;
  }
  const answerer = await loadAnswerer();
  if (answerer === undefined) return 1;
  const service = new BotService({ answerer: () => answerer });
  const style = process.stdout.isTTY && !('NO_COLOR' in process.env) ? ANSI : PLAIN;
  const page = values.page === undefined ? undefined : Number(values.page);
  const print = async (question: string): Promise<void> => {
    const reply = await service.ask({ asker: CONSOLE_ASKER, question, ...(page === undefined ? {} : { page }) });
    if (reply.kind === 'refused') process.stdout.write(`${renderText(notice(reply.message, 'refusal'))}\n`);
    else if (values.json) process.stdout.write(`${answerJson(reply.answer)}\n`);
    else process.stdout.write(`${renderText(answerMessage(reply.answer, reply.answerId), style)}\n`);
  };

  if (values.topics) {
    const topics = service.topics();
    process.stdout.write(`${values.json ? JSON.stringify(topics) : renderText(topicsMessage(topics))}\n`);
    return 0;
  }
  if (values.cite !== undefined) {
    const result = service.cite(values.cite);
    process.stdout.write(`${values.json ? JSON.stringify(result) : renderText(citeMessage(result), style)}\n`);
    return result.found ? 0 : 1;
  }
  if (positionals.length > 0) {
    await print(positionals.join(' '));
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    if (line.trim() === '' && !values.json) continue;
    await print(line);
    if (!values.json) process.stdout.write('\n');
  }
  return 0;
}

process.exitCode = await main();

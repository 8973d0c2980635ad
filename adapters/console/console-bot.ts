import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Answerer } from '../../src/answer/answer.js';
import { renderAnswerText, renderCiteText, renderTopicsText, type TextStyle } from './render-text.js';

export interface ConsoleBotOptions {
  readonly answerer: () => Answerer;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: show a prompt and help. */
  readonly interactive: boolean;
  readonly style: TextStyle;
  /** Called with each question and its outcome, for the question log. */
  readonly onAnswer?: (question: string, outcome: string) => void;
}

const HELP = 'Ask a question in plain words. Commands: /cite <address>, /topics, /more (next page), /help, /quit.';

/**
 * The terminal bot: one question per line, each answered with cited
 * passages. Interactive at a terminal; with piped input it answers every
 * line and resolves at the end of input.
 */
export async function runConsoleBot(options: ConsoleBotOptions): Promise<void> {
  const { input, output, interactive, style } = options;
  const rl = createInterface({ input, ...(interactive ? { output, prompt: 'ask> ' } : {}), terminal: interactive });
  const write = (text: string): void => {
    output.write(`${text}\n`);
  };
  let last: { question: string; page: number } | undefined;
  if (interactive) {
    write(`Answers come from the documents in the knowledge folder (version ${options.answerer().version}). ${HELP}`);
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    const answerer = options.answerer();
    if (text === '/quit' || text === '/exit') break;
    if (text === '' && interactive) {
      rl.prompt();
      continue;
    }
    if (text === '/help') write(HELP);
    else if (text === '/topics') write(renderTopicsText(answerer.topics()));
    else if (text.startsWith('/cite')) write(renderCiteText(answerer.cite(text.slice(5))));
    else if (text === '/more') {
      if (last === undefined) write('Ask a question first.');
      else {
        last = { question: last.question, page: last.page + 1 };
        const answer = answerer.ask(last.question, { page: last.page });
        if (answer.page < last.page) write('No more passages for that question.');
        else write(renderAnswerText(answer, style));
      }
    } else {
      const answer = answerer.ask(text);
      options.onAnswer?.(answer.question, answer.outcome);
      last = { question: text, page: 1 };
      write(renderAnswerText(answer, style));
    }
    if (interactive) {
      write('');
      rl.prompt();
    } else if (text !== '') write('');
  }
  rl.close();
}

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { BotService } from '../../src/bot-service.js';
import { renderAnswerText, renderCiteText, renderTopicsText, type TextStyle } from './render-text.js';

export interface ConsoleBotOptions {
  readonly service: BotService;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: show a prompt and help. */
  readonly interactive: boolean;
  readonly style: TextStyle;
}

const CONSOLE_USER = { platform: 'console', userId: 'console' } as const;
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
    write(
      `Answers come from the documents in the knowledge folder (version ${options.service.answerer.version}). ${HELP}`,
    );
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    const { service } = options;
    const answerer = service.answerer;
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
        const reply = await service.ask({ asker: CONSOLE_USER, question: last.question, page: last.page });
        if (reply.kind !== 'answer') write(reply.message);
        else if (reply.answer.page < last.page) write('No more passages for that question.');
        else write(renderAnswerText(reply.answer, style));
      }
    } else {
      const reply = await service.ask({ asker: CONSOLE_USER, question: text });
      last = { question: text, page: 1 };
      write(reply.kind === 'answer' ? renderAnswerText(reply.answer, style) : reply.message);
    }
    if (interactive) {
      write('');
      rl.prompt();
    } else if (text !== '') write('');
  }
  rl.close();
}

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Refusal, ServicePort } from '../../src/bot-service.js';
import type { Asker } from '../../src/gate.js';
import { answerMessage, citeMessage, helpMessage, notice, topicsMessage } from '../../src/message/build.js';
import type { Message, NoticeMessage } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { renderText, type TextStyle } from './render-text.js';

/** What the terminal bot talks through: the service port, its input and output, and how to mark matched words. */
export interface ConsoleBotOptions {
  readonly service: ServicePort;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: show a prompt and help. */
  readonly interactive: boolean;
  readonly style: TextStyle;
}

/** The one user of the terminal (and of `npm run ask`). */
export const CONSOLE_ASKER: Asker = { platform: 'console', userId: 'console' };

/** The terminal's help: its commands, as typed at the prompt. */
export const CONSOLE_HELP: NoticeMessage = helpMessage([
  ['', 'type'],
  ['/cite <address>', 'cite'],
  ['/topics', 'topics'],
  ['/more', 'more'],
  ['/help', 'help'],
  ['/quit', 'quit'],
]);

/** What a line typed at the terminal comes to: a message to show, nothing (a blank line), or the end. */
export type ConsoleReply = Message | 'quit' | undefined;

/**
 * One terminal conversation, with no I/O: each line typed in becomes a
 * message of the model. A line is a question, or a command: `/cite`,
 * `/topics`, `/more` (the next page of the last answer), `/help` (also for
 * a command it does not know) and `/quit`. Questions go through
 * `service.ask`, every other action through `service.admit`, as on every
 * platform.
 *
 * @example
 * const reply = consoleSession(service);
 * const message = await reply('What is APEC?');
 */
export function consoleSession(service: ServicePort): (line: string) => Promise<ConsoleReply> {
  const refusal = (r: Refusal): Message => notice(r.message, 'refusal');
  const admitted = async (action: () => Message, count = true): Promise<Message> => {
    const refused = await service.admit(CONSOLE_ASKER, { count });
    return refused === undefined ? action() : refusal(refused);
  };
  let last: { readonly question: string; readonly page: number } | undefined;

  const ask = async (question: string): Promise<Message> => {
    const reply = await service.ask({ asker: CONSOLE_ASKER, question });
    if (reply.kind === 'refused') return refusal(reply);
    last = { question, page: 1 };
    return answerMessage(reply.answer, reply.answerId);
  };
  // A further page is not rate limited (the core does not count it), as a page button on every platform.
  const more = async (): Promise<Message> => {
    const refused = await service.admit(CONSOLE_ASKER, { count: false });
    if (refused !== undefined) return refusal(refused);
    if (last === undefined) return notice(STRINGS.askFirst);
    const page = last.page + 1;
    const reply = await service.ask({ asker: CONSOLE_ASKER, question: last.question, page });
    if (reply.kind === 'refused') return refusal(reply);
    if (reply.answer.page < page) return notice(STRINGS.noMorePages);
    last = { question: last.question, page };
    return answerMessage(reply.answer, reply.answerId);
  };

  return async (line) => {
    const text = line.trim();
    if (text === '') return undefined;
    const command = /^\/(\S+)\s*(.*)$/su.exec(text);
    if (command === null) return ask(text);
    const [, name = '', rest = ''] = command;
    switch (name.toLowerCase()) {
      case 'quit':
      case 'exit':
        return 'quit';
      case 'cite':
        return admitted(() => (rest === '' ? notice(STRINGS.needAddress) : citeMessage(service.cite(rest))));
      case 'topics':
        return admitted(() => topicsMessage(service.topics()));
      case 'more':
        return more();
      default:
        return admitted(() => CONSOLE_HELP);
    }
  };
}

/**
 * The terminal bot: one question per line, each answered with cited
 * passages. Interactive at a terminal (a greeting, a prompt); with piped
 * input it answers every line and resolves at the end of input.
 */
export async function runConsoleBot(options: ConsoleBotOptions): Promise<void> {
  const { input, output, interactive, style, service } = options;
  const rl = createInterface({ input, ...(interactive ? { output, prompt: 'ask> ' } : {}), terminal: interactive });
  const write = (message: Message): void => {
    output.write(`${renderText(message, style)}\n\n`);
  };
  const reply = consoleSession(service);
  if (interactive) {
    write({ ...CONSOLE_HELP, lines: [...CONSOLE_HELP.lines, STRINGS.knowledge(service.topics().version)] });
    rl.prompt();
  }
  for await (const line of rl) {
    const message = await reply(line);
    if (message === 'quit') break;
    if (message !== undefined) write(message);
    if (interactive) rl.prompt();
  }
  rl.close();
}

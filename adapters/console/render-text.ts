import type { AnswerMessage, Message, PassageView, TopicsMessage } from '../../src/message/model.js';

/** How to mark matched words: ANSI bold on a colour terminal, nothing in a pipe. */
export interface TextStyle {
  readonly bold: (text: string) => string;
}

/** No marks: for pipes, files and NO_COLOR. */
export const PLAIN: TextStyle = { bold: (t) => t };
/** ANSI bold (SGR 1, then 22 to end it), for a colour terminal. */
export const ANSI: TextStyle = { bold: (t) => `\u001b[1m${t}\u001b[22m` };

/**
 * Translates a message of the model into terminal text: paragraphs apart
 * by blank lines, each quoted passage as `> text` with its matched words
 * marked by `style`, then its address, section and document. Actions have
 * no place in a terminal (its commands stand in for them) and are left
 * out. It writes no sentence of its own, and lets no control character of
 * a document or a question reach the terminal.
 *
 * @example
 * renderText(answerMessage(reply.answer, reply.answerId), ANSI)
 */
export function renderText(message: Message, style: TextStyle = PLAIN): string {
  switch (message.kind) {
    case 'answer':
    case 'not_sure':
    case 'not_covered':
      return renderAnswer(message, style);
    case 'passage':
      return paragraphs([passageLines(message.passage, style, false), [clean(message.footer)]]);
    case 'topics':
      return renderTopics(message);
    case 'notice':
      return [message.text, ...message.lines].map(clean).join('\n');
  }
}

function renderAnswer(m: AnswerMessage, style: TextStyle): string {
  const [first, ...rest] = m.passages.map((p) => passageLines(p, style, true));
  const titled = first === undefined ? [] : [[...(m.passagesTitle === null ? [] : [clean(m.passagesTitle)]), ...first]];
  return paragraphs([
    ...[m.note, m.lead].filter((t) => t !== null).map((t) => [clean(t)]),
    m.suggestions.map(clean),
    ...titled,
    ...rest,
    ...(m.footer === null ? [] : [[clean(m.footer)]]),
  ]);
}

/** A passage on one line, then where it comes from (and, in an answer, how well it matches). */
function passageLines(p: PassageView, style: TextStyle, band: boolean): string[] {
  const text = p.segments.map((s) => (s.match ? style.bold(clean(s.text)) : clean(s.text))).join('');
  const url = p.url === undefined ? '' : ` <${p.url}>`;
  return [`> ${text}`, clean(`  — ${p.address} · ${p.section} · ${p.document}${url}${band ? ` (${p.band})` : ''}`)];
}

function renderTopics(m: TopicsMessage): string {
  const lines = [m.title, ''];
  for (const d of m.documents) {
    lines.push(`${d.title} (${d.slug})${d.url === undefined ? '' : ` <${d.url}>`}`);
    for (const s of d.sections) lines.push(`  ${s.address}  ${s.heading} (${s.count})`);
  }
  return [...lines, '', m.footer].map(clean).join('\n');
}

/** Blocks of lines, apart by a blank line; empty blocks are left out. */
function paragraphs(blocks: ReadonlyArray<readonly string[]>): string {
  return blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n');
}

/** Text for one line: line breaks and tabs become a space, other control characters (ESC and the like) are dropped. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\s*[\n\r\t\v\f\u2028\u2029]\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

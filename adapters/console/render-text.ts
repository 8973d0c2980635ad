import { mentionsLabel } from '../../src/answer/mentions-label.js';
import type { Answer, Citation, CiteResult, Topics } from '../../src/answer/answer.js';
import { highlight } from '../../src/answer/highlight.js';

/** How to mark matched words: ANSI bold on a colour terminal, nothing in a pipe. */
export interface TextStyle {
  readonly bold: (text: string) => string;
}

export const PLAIN: TextStyle = { bold: (t) => t };
export const ANSI: TextStyle = { bold: (t) => `\u001b[1m${t}\u001b[22m` };

/**
 * Renders an answer for a terminal: the direct answer, then each cited
 * passage, verbatim, with its address, section and document.
 */
export function renderAnswerText(answer: Answer, style: TextStyle = PLAIN): string {
  const lines: string[] = [];
  if (!answer.answered) {
    lines.push(answer.message ?? "The documents don't cover that.");
    for (const s of answer.suggestions) lines.push(`Did you mean: ${s}`);
    if (answer.citations.length > 0) {
      lines.push('', mentionsLabel(answer));
      for (const c of answer.citations) lines.push(...citationLines(c, style));
    }
    return lines.join('\n');
  }
  lines.push(answer.sentence ?? '', '');
  answer.citations.forEach((c, i) => {
    if (i > 0) lines.push('');
    lines.push(...citationLines(c, style));
  });
  for (const s of answer.suggestions) lines.push('', `Did you mean: ${s}`);
  lines.push('', `page ${answer.page} of ${answer.pages} · knowledge ${answer.version}`);
  return lines.join('\n');
}

function citationLines(c: Citation, style: TextStyle): string[] {
  const text = highlight(c.text, c.terms)
    .map((s) => (s.match ? style.bold(s.text) : s.text))
    .join('')
    .replace(/\s*\n\s*/g, ' ');
  const where = `${c.address} · ${c.section} · ${c.document}${c.url === undefined ? '' : ` <${c.url}>`}`;
  return [`> ${text}`, `  — ${where} (${c.band})`];
}

/** Renders one passage looked up by address, or why it was not found. */
export function renderCiteText(result: CiteResult): string {
  if (!result.found) {
    const near = result.suggestions.length === 0 ? '' : `\nTry: ${result.suggestions.join(', ')}`;
    return `${result.message}${near}`;
  }
  return citationLines(result.citation, PLAIN)
    .join('\n')
    .replace(/ \((strong|partial|weak)\)$/, '');
}

/** Renders the table of contents. */
export function renderTopicsText(topics: Topics): string {
  const lines: string[] = [];
  for (const d of topics.documents) {
    lines.push(`${d.title} (${d.slug})${d.url === undefined ? '' : ` <${d.url}>`}`);
    for (const s of d.sections) lines.push(`  ${s.address}  ${s.heading} (${s.passages} passages)`);
  }
  lines.push(`knowledge ${topics.version}`);
  return lines.join('\n');
}

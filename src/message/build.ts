import type { Answer, Citation, CiteResult, Topics } from '../answer/answer.js';
import { highlight } from '../answer/highlight.js';
import type { Action, AnswerMessage, Message, NoticeMessage, PassageView, TopicsMessage } from './model.js';
import { STRINGS } from './strings.js';

/** Passages shown in one answer message: each has a "Full passage" action. */
export const MAX_SHOWN_PASSAGES = 5;

/** A citation as the model shows it: its text in runs, the matched words marked. */
export function passageView(c: Citation): PassageView {
  return {
    address: c.address,
    document: c.document,
    section: c.section,
    ...(c.url === undefined ? {} : { url: c.url }),
    segments: highlight(c.text, c.terms),
    band: c.band,
  };
}

/**
 * The message for an answer from the core. `answered` becomes an answer,
 * `not_sure` the closest passages worded as possibly related, `not_covered`
 * the "not covered" reply with the closest mentions, and `invalid` a notice
 * with the core's reason.
 *
 * @example
 * const message = answerMessage(service.ask({ asker, question }).answer, answerId);
 */
export function answerMessage(answer: Answer, answerId: string): Message {
  const outcome: string = answer.outcome;
  if (outcome === 'invalid') return notice(answer.message ?? STRINGS.notCovered, 'info');
  const passages = answer.citations.slice(0, MAX_SHOWN_PASSAGES).map(passageView);
  const suggestions = answer.suggestions.slice(0, 2).map(STRINGS.didYouMean);
  const page = whole(answer.page, 1);
  const pages = whole(answer.pages, 0);
  const footer = [...(pages > 1 ? [STRINGS.page(page, pages)] : []), STRINGS.knowledge(answer.version)].join(' · ');
  const base = { question: answer.question, suggestions, passages, footer };
  if (answer.answered && outcome !== 'not_sure') {
    return {
      kind: 'answer',
      ...base,
      note: null,
      lead: answer.sentence === null || answer.sentence.trim() === '' ? null : answer.sentence,
      passagesTitle: null,
      actions: [
        ...pageActions(page, pages, answerId),
        ...feedbackActions(answerId, passages[0]?.address),
        ...fullActions(passages, page),
        { kind: 'share', label: STRINGS.button.share, question: answer.question, page, answerId },
      ],
    };
  }
  if (outcome === 'not_sure')
    return {
      kind: 'not_sure',
      ...base,
      note: STRINGS.notSure,
      lead: null,
      passagesTitle: null,
      actions: [...feedbackActions(answerId, passages[0]?.address), ...fullActions(passages, page)],
    };
  const covered: AnswerMessage = {
    kind: 'not_covered',
    ...base,
    footer: null,
    note: answer.message ?? STRINGS.notCovered,
    lead: null,
    passagesTitle: passages.length > 0 ? STRINGS.closestMentions : null,
    actions: [],
  };
  return covered;
}

/** The message for a passage looked up by address, or a notice saying why there is none. */
export function citeMessage(result: CiteResult): Message {
  if (!result.found)
    return {
      ...notice(result.message, 'info'),
      lines: result.suggestions.length === 0 ? [] : [STRINGS.tryAddresses(result.suggestions.slice(0, 5))],
    };
  return { kind: 'passage', passage: passageView(result.citation), footer: STRINGS.knowledge(result.version) };
}

/** The table of contents as a message. */
export function topicsMessage(topics: Topics): TopicsMessage {
  return {
    kind: 'topics',
    title: STRINGS.topicsTitle,
    documents: topics.documents.map((d) => ({
      title: d.title,
      slug: d.slug,
      ...(d.url === undefined ? {} : { url: d.url }),
      sections: d.sections.map((s) => ({
        address: s.address,
        heading: s.heading,
        count: STRINGS.passages(s.passages),
      })),
    })),
    footer: `${STRINGS.knowledge(topics.version)} · ${STRINGS.citeHint}`,
    more: STRINGS.moreSections,
  };
}

/** A short plain message. */
export function notice(
  text: string,
  tone: NoticeMessage['tone'] = 'info',
  lines: readonly string[] = [],
): NoticeMessage {
  return { kind: 'notice', tone, text, lines };
}

/**
 * The help, given how this platform writes each command (e.g. `/ask <question>`; empty for a line with no syntax).
 *
 * @example
 * helpMessage([['/ask <question>', 'ask'], ['/topics', 'topics']])
 */
export function helpMessage(usage: ReadonlyArray<readonly [string, keyof typeof STRINGS.help]>): NoticeMessage {
  return notice(
    STRINGS.helpTitle,
    'info',
    usage.map(([syntax, what]) => (syntax === '' ? STRINGS.help[what] : `${syntax}: ${STRINGS.help[what]}`)),
  );
}

function pageActions(page: number, pages: number, answerId: string): Action[] {
  if (pages <= 1) return [];
  return [
    { kind: 'page', label: STRINGS.button.previous, page: page - 1, answerId, disabled: page <= 1 },
    { kind: 'page', label: STRINGS.button.next, page: page + 1, answerId, disabled: page >= pages },
  ];
}

function feedbackActions(answerId: string, address: string | undefined): Action[] {
  const on = address === undefined ? {} : { address };
  return [
    { kind: 'feedback', label: STRINGS.button.up, vote: 'up', answerId, ...on },
    { kind: 'feedback', label: STRINGS.button.down, vote: 'down', answerId, ...on },
  ];
}

function fullActions(passages: readonly PassageView[], page: number): Action[] {
  return passages.map((p, index) => {
    const at = p.address.indexOf('§');
    return {
      kind: 'full',
      label: STRINGS.button.full(at >= 0 ? p.address.slice(at) : p.address),
      address: p.address,
      page,
      index,
    };
  });
}

function whole(n: number, fallback: number): number {
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

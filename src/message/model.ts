import type { Band } from '../answer/answer.js';
import type { Segment } from '../answer/highlight.js';

/** One quoted passage, verbatim, with its matched words marked and where it comes from. */
export interface PassageView {
  /** `slug §section.paragraph`, what `/cite` takes. */
  readonly address: string;
  readonly document: string;
  readonly section: string;
  readonly url?: string;
  /** The passage text in runs, matched words marked (joined, they give the passage back). */
  readonly segments: readonly Segment[];
  readonly band: Band;
}

/**
 * Something a user can do with a message. Renderers turn each into a
 * button (or drop it when the platform cannot carry it).
 */
export type Action =
  | {
      readonly kind: 'page';
      readonly label: string;
      readonly page: number;
      readonly answerId: string;
      readonly disabled: boolean;
    }
  | {
      readonly kind: 'full';
      readonly label: string;
      readonly address: string;
      /** Where the passage sits in the answer: page and 0-based index, for when the address is too long to carry. */
      readonly page: number;
      readonly index: number;
    }
  | {
      readonly kind: 'feedback';
      readonly label: string;
      readonly vote: 'up' | 'down';
      readonly answerId: string;
      readonly address?: string;
    }
  | {
      readonly kind: 'share';
      readonly label: string;
      readonly question: string;
      readonly page: number;
      /** The answer shared, for platforms that post a copy of it (Discord). */
      readonly answerId: string;
    };

/**
 * A reply to a question. `answer`: the documents answer it. `not_sure`:
 * the closest passages, worded as possibly related. `not_covered`: the
 * documents don't cover it (with the closest mentions, if any).
 */
export interface AnswerMessage {
  readonly kind: 'answer' | 'not_sure' | 'not_covered';
  /** The question as understood: user text, to be shown so that it pings no one. */
  readonly question: string;
  /** A sentence before everything else: why there is no answer, or that the bot is not sure. */
  readonly note: string | null;
  /** The direct answer: the best sentence of the top passage, verbatim. */
  readonly lead: string | null;
  /** "Did you mean" lines, worded. */
  readonly suggestions: readonly string[];
  /** A title before the passages (e.g. "Closest mentions:"), or null. */
  readonly passagesTitle: string | null;
  readonly passages: readonly PassageView[];
  /** A small line at the end: page and knowledge version. */
  readonly footer: string | null;
  readonly actions: readonly Action[];
}

/** One passage looked up by address. */
export interface PassageMessage {
  readonly kind: 'passage';
  readonly passage: PassageView;
  readonly footer: string;
}

/** The table of contents. */
export interface TopicsMessage {
  readonly kind: 'topics';
  readonly title: string;
  readonly documents: ReadonlyArray<{
    readonly title: string;
    readonly slug: string;
    readonly url?: string;
    /** One line per section: address, heading and how many passages. */
    readonly sections: ReadonlyArray<{ readonly address: string; readonly heading: string; readonly count: string }>;
  }>;
  readonly footer: string;
  /** Shown when not every section fits, with how many were left out. */
  readonly more: (left: number) => string;
}

/** A short plain message: a refusal, an error, a thank-you, a hint; with optional lines after it. */
export interface NoticeMessage {
  readonly kind: 'notice';
  readonly tone: 'info' | 'refusal' | 'error';
  readonly text: string;
  /** Further lines, e.g. the commands in the help, or addresses to try. */
  readonly lines: readonly string[];
}

/** Everything the bot sends, on every platform. */
export type Message = AnswerMessage | PassageMessage | TopicsMessage | NoticeMessage;

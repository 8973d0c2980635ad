/** How sure the core is that a passage answers the question. */
export type Band = 'strong' | 'partial' | 'weak';

/** What became of a question: metrics and the question log count these. */
export type Outcome = 'answered' | 'not_sure' | 'not_covered' | 'invalid';

/** One passage quoted in an answer, with where it comes from. */
export interface Citation {
  /** `slug §section.paragraph`, what `/cite` takes. */
  readonly address: string;
  /** The document's title. */
  readonly document: string;
  /** The document's `url` front-matter field, when it has one. */
  readonly url?: string;
  /** The section heading. */
  readonly section: string;
  /** The whole passage, verbatim. */
  readonly text: string;
  readonly score: number;
  /** Words of `text` that match the question, as written there, for bold highlighting. */
  readonly terms: readonly string[];
  readonly band: Band;
}

/**
 * The platform-neutral answer every adapter renders. It only ever quotes the
 * documents: `sentence` and each citation's `text` are verbatim excerpts.
 */
export interface Answer {
  /** The question as understood (trimmed, whitespace collapsed). */
  readonly question: string;
  readonly answered: boolean;
  readonly outcome: Outcome;
  /** A plain reply to show instead of an answer: why the question was not answered. */
  readonly message?: string;
  /** The sentence of the top passage that best answers the question. */
  readonly sentence: string | null;
  /** This page of citations; when not answered, up to two closest mentions. */
  readonly citations: readonly Citation[];
  /** "Did you mean" questions, with misspelt words corrected. */
  readonly suggestions: readonly string[];
  /** 1-based page of citations, and how many pages there are. */
  readonly page: number;
  readonly pages: number;
  /** The knowledge version the answer came from. */
  readonly version: string;
}

/** The result of looking a passage up by its address. */
export type CiteResult =
  | { readonly found: true; readonly citation: Citation; readonly version: string }
  | { readonly found: false; readonly message: string; readonly suggestions: readonly string[] };

/** A document and its sections, for the table of contents. */
export interface TopicDocument {
  readonly title: string;
  readonly slug: string;
  readonly url?: string;
  readonly sections: ReadonlyArray<{ readonly address: string; readonly heading: string; readonly passages: number }>;
}

/** The table of contents. */
export interface Topics {
  readonly documents: readonly TopicDocument[];
  readonly version: string;
}

/** Options for one question. */
export interface AskOptions {
  /** 1-based page of citations. Default 1. */
  readonly page?: number;
  /** Citations per page. Default 3. */
  readonly perPage?: number;
}

/**
 * The port every adapter talks to: questions in, answers out. The console
 * bot is its simplest client; Discord and Slack render the same answers.
 */
export interface Answerer {
  ask(question: string, options?: AskOptions): Answer;
  cite(address: string): CiteResult;
  topics(): Topics;
  /** Up to 25 completions for a partial question, each at most 100 characters. */
  complete(partial: string): string[];
  /** Up to 25 addresses for a partial address, with a label each. */
  completeAddress(partial: string): Array<{ readonly address: string; readonly label: string }>;
  /** The knowledge version answers currently come from. */
  readonly version: string;
}

import type { Alias } from './aliases.js';

/** One quotable passage: a paragraph, a list item, or a part of a long paragraph. */
export interface Passage {
  /** Position in the index, 0-based; the MiniSearch id. */
  readonly id: number;
  /** What people type to cite it: `slug §section.paragraph`. */
  readonly address: string;
  /** The passage exactly as the document has it. */
  readonly text: string;
  readonly document: DocumentRef;
  readonly section: SectionRef;
  /** Paragraph number inside its section, from 1. */
  readonly number: number;
  /** Where the text stands in the document's source. */
  readonly start: number;
  readonly end: number;
}

/** What a citation needs to know about its document. */
export interface DocumentRef {
  readonly slug: string;
  readonly title: string;
  readonly url?: string;
  /** The file, relative to the knowledge folder. */
  readonly file: string;
}

/** What a citation needs to know about its section. */
export interface SectionRef {
  /** Section number inside the document, from 1. */
  readonly number: number;
  readonly heading: string;
}

/** A document split into sections and passages. */
export interface KnowledgeDocument extends DocumentRef {
  readonly sections: readonly Section[];
  /** Word pairs the document's front matter declares equivalent (`aliases:`); absent when none. */
  readonly aliases?: readonly Alias[];
}

export interface Section extends SectionRef {
  /** Where the heading's text stands in the source; absent for the part before any heading. */
  readonly headingRange?: readonly [number, number];
  readonly passages: readonly Passage[];
}

/** A file that could not be used, with a one-line reason. */
export interface KnowledgeProblem {
  readonly file: string;
  readonly message: string;
}

/** Everything loaded from a knowledge folder. */
export interface Knowledge {
  readonly documents: readonly KnowledgeDocument[];
  readonly passages: readonly Passage[];
  readonly problems: readonly KnowledgeProblem[];
  /** A short content hash of every file read (names and bytes); changes whenever any of them does. */
  readonly version: string;
}

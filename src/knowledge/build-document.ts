import { readAliases } from './aliases.js';
import type { Outline } from './outline.js';
import { splitPassage } from './split-passage.js';
import type { DocumentRef, KnowledgeDocument, Passage, Section } from './types.js';

/**
 * Turns an outline into sections and numbered passages. Section numbers
 * count headings from 1 (text before the first heading is a section of its
 * own, named after the document); passage numbers count from 1 inside each
 * section. The same source always gives the same addresses.
 *
 * Front matter `aliases:` (see `readAliases`) is kept on the document.
 *
 * @param firstId the id of the document's first passage in the index
 * @throws Error with a one-line reason when the front matter's aliases are malformed.
 */
export function buildDocument(
  ref: DocumentRef,
  source: string,
  outline: Outline,
  firstId: number,
): KnowledgeDocument {
  const aliases = readAliases(outline.meta);
  const sections: Section[] = [];
  let heading: { text: string; range?: readonly [number, number] } = { text: ref.title };
  let passages: Passage[] = [];
  let id = firstId;

  const close = (): void => {
    if (passages.length === 0 && heading.range === undefined) return;
    const section: Section =
      heading.range === undefined
        ? { number: sections.length + 1, heading: heading.text, passages }
        : { number: sections.length + 1, heading: heading.text, headingRange: heading.range, passages };
    sections.push(section);
    passages = [];
  };

  for (const item of outline.items) {
    if (item.kind === 'heading') {
      close();
      heading = { text: item.text, range: [item.start, item.end] };
      continue;
    }
    for (const [start, end] of splitPassage(source, item.start, item.end)) {
      const sectionNumber = sections.length + 1;
      const number = passages.length + 1;
      passages.push({
        id: id++,
        address: formatAddress(ref.slug, sectionNumber, number),
        text: source.slice(start, end),
        document: ref,
        section: { number: sectionNumber, heading: heading.text },
        number,
        start,
        end,
      });
    }
  }
  close();
  return aliases.length === 0 ? { ...ref, sections } : { ...ref, sections, aliases };
}

/**
 * The address people type to cite a passage.
 *
 * @example
 * formatAddress('russia-china-relations', 2, 3) // 'russia-china-relations §2.3'
 */
export function formatAddress(slug: string, section: number, paragraph: number): string {
  return `${slug} §${section}.${paragraph}`;
}

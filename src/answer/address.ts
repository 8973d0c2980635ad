import { fold } from '../text/fold.js';

/** An address as typed: an optional document slug, a section, and an optional paragraph. */
export interface ParsedAddress {
  readonly slug?: string;
  readonly section: number;
  readonly paragraph?: number;
}

const NUMBERS = /(?:^|[\s#:§]|\bsection)\s*(\d{1,4})(?:\.(\d{1,5}))?$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads what people type to cite a passage. Accepts `slug §2.3`, `slug 2.3`,
 * `slug#2.3`, `§2.3` and `2.3`, in any case; `slug §2` names a section.
 *
 * @example
 * parseAddress('Russia-China-Relations §2.3') // { slug: 'russia-china-relations', section: 2, paragraph: 3 }
 * parseAddress('hello')                        // undefined
 */
export function parseAddress(input: string): ParsedAddress | undefined {
  const text = fold(input).trim().replace(/\s+/g, ' ');
  const match = NUMBERS.exec(text);
  if (match === null) return undefined;
  const [whole, section, paragraph] = match;
  const slug = text
    .slice(0, text.length - whole.length)
    .replace(/[\s#:§]+$/, '')
    .replace(/\bsection$/, '')
    .trim();
  if (slug !== '' && !SLUG.test(slug)) return undefined;
  const out: { slug?: string; section: number; paragraph?: number } = { section: Number(section) };
  if (slug !== '') out.slug = slug;
  if (paragraph !== undefined) out.paragraph = Number(paragraph);
  return out;
}

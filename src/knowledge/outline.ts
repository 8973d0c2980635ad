import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { parse as parseYaml } from 'yaml';

/** A heading or a block of text, located in the source by offsets. */
export type OutlineItem =
  | { readonly kind: 'heading'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'block'; readonly start: number; readonly end: number };

/** The shape of a document before it is cut into passages. */
export interface Outline {
  readonly meta: Readonly<Record<string, unknown>>;
  /** A level-1 heading that opens the document, used as its title. */
  readonly leadTitle?: string;
  readonly items: readonly OutlineItem[];
}

/** Thrown for front matter that is not a YAML mapping. */
export class FrontMatterError extends Error {}

/**
 * Outlines a Markdown document with a CommonMark parser (mdast) and its YAML
 * front matter. Headings open sections; paragraphs, list items, quotes, code
 * and tables become blocks.
 *
 * @example
 * outlineMarkdown('---\ntitle: T\n---\n## A\n\nText.').items.length // 2
 */
export function outlineMarkdown(source: string): Outline {
  const tree: Root = fromMarkdown(source, {
    extensions: [frontmatter(['yaml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  });
  let meta: Record<string, unknown> = {};
  let leadTitle: string | undefined;
  const items: OutlineItem[] = [];

  const visit = (node: RootContent): void => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    switch (node.type) {
      case 'yaml':
        meta = parseFrontMatter(node.value);
        return;
      case 'heading': {
        const first = node.children[0]?.position?.start.offset ?? start;
        const last = node.children.at(-1)?.position?.end.offset ?? end;
        const text = source.slice(first, last).trim();
        if (node.depth === 1 && items.length === 0 && leadTitle === undefined) leadTitle = text;
        else if (text !== '') items.push({ kind: 'heading', text, start: first, end: last });
        return;
      }
      case 'list':
      case 'listItem':
      case 'blockquote':
        for (const child of node.children) visit(child);
        return;
      case 'thematicBreak':
      case 'definition':
        return;
      default:
        items.push({ kind: 'block', start, end });
    }
  };
  for (const node of tree.children) visit(node);
  return leadTitle === undefined ? { meta, items } : { meta, leadTitle, items };
}

function parseFrontMatter(value: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(value);
  } catch (error) {
    const reason = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/:\s*$/, '');
    throw new FrontMatterError(`invalid front matter: ${reason}`, { cause: error });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('invalid front matter: expected "key: value" lines');
  }
  return data as Record<string, unknown>;
}

/**
 * Outlines a plain-text file: blocks are separated by blank lines. A file
 * without blank lines is one block, which the passage splitter then cuts at
 * sentence boundaries.
 *
 * @example
 * outlinePlainText('One.\n\nTwo.').items.length // 2
 */
export function outlinePlainText(source: string): Outline {
  const items: OutlineItem[] = [];
  const blank = /\n[ \t\r\f\v]*\n\s*/g;
  let from = 0;
  const push = (start: number, end: number): void => {
    const slice = source.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed !== '') items.push({ kind: 'block', start: start + lead, end: start + lead + trimmed.length });
  };
  for (const match of source.matchAll(blank)) {
    push(from, match.index);
    from = match.index + match[0].length;
  }
  push(from, source.length);
  return { meta: {}, items };
}

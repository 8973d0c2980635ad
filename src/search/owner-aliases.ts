import type { Alias } from '../knowledge/aliases.js';
import type { Knowledge } from '../knowledge/types.js';
import { fold } from '../text/fold.js';

/**
 * Text to index beside each passage of a document whose front matter declares
 * `aliases:` (see `readAliases`), so that the two sides of a pair find each
 * other as an acronym and its expansion do (`aliasFinder`): a passage that says
 * "alliance" also answers "pact", and one that says "SCO" answers "Shanghai
 * Cooperation Organisation". Matching ignores case and accents, whole words only.
 * A pair applies to the passages of the document that declares it.
 *
 * @returns for a passage's document file and text, the words to add ('' for none)
 */
export function ownerAliasFinder(knowledge: Knowledge): (file: string, text: string) => string {
  const byFile = new Map<string, Array<{ alias: string; means: string; sides: readonly [string, string] }>>();
  for (const d of knowledge.documents) {
    if (d.aliases === undefined || d.aliases.length === 0) continue;
    byFile.set(
      d.file,
      d.aliases.map((a: Alias) => ({ alias: a.alias, means: a.means, sides: [flat(a.alias), flat(a.means)] as const })),
    );
  }
  return (file, text) => {
    const pairs = byFile.get(file);
    if (pairs === undefined) return '';
    const words = flat(text);
    const added: string[] = [];
    for (const { alias, means, sides } of pairs) {
      const hasAlias = words.includes(sides[0]);
      const hasMeaning = words.includes(sides[1]);
      if (hasMeaning && !hasAlias) added.push(alias);
      if (hasAlias && !hasMeaning) added.push(means);
    }
    return added.join(' ');
  };
}

/** Lowercase, accent-free words separated by single spaces, with a space at each end. */
function flat(text: string): string {
  return ` ${fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * A pair of words a document's owner declares equivalent in its front matter:
 * a question that says one finds a passage that says the other.
 */
export interface Alias {
  /** As written in the front matter, e.g. `SCO` or `pact`. */
  readonly alias: string;
  /** What it stands for, e.g. `Shanghai Cooperation Organisation` or `alliance`. */
  readonly means: string;
}

/** At most this many pairs per document, and this many characters per side. */
const MAX_ALIASES = 500;
const MAX_LENGTH = 100;

/**
 * Reads `aliases:` from a document's front matter: a YAML mapping from a word
 * or phrase people may type to the word or phrase the document uses (or a list
 * of them).
 *
 * @example
 * readAliases({ aliases: { SCO: 'Shanghai Cooperation Organisation', pact: ['alliance', 'treaty'] } }).length // 3
 * @throws Error with a one-line reason when `aliases` is not such a mapping.
 */
export function readAliases(meta: Readonly<Record<string, unknown>>): Alias[] {
  const value = meta['aliases'];
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`front matter aliases must be a mapping such as "aliases: { SCO: Shanghai Cooperation Organisation }", got ${describe(value)}`);
  }
  const found: Alias[] = [];
  for (const [alias, meaning] of Object.entries(value as Record<string, unknown>)) {
    const meanings: unknown[] = Array.isArray(meaning) ? meaning : [meaning];
    if (meanings.length === 0) throw new Error(`front matter aliases: "${clip(alias)}" stands for nothing; give a word or phrase`);
    for (const means of meanings) {
      if (typeof means !== 'string' && typeof means !== 'number') {
        throw new Error(`front matter aliases: "${clip(alias)}" must stand for a word or phrase, got ${describe(means)}`);
      }
      found.push({ alias: checked(alias), means: checked(String(means)) });
    }
  }
  if (found.length > MAX_ALIASES) throw new Error(`front matter aliases: ${found.length} pairs, at most ${MAX_ALIASES} per document`);
  return found;
}

function checked(text: string): string {
  const trimmed = text.trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed)) throw new Error(`front matter aliases: "${clip(text)}" has no letter or digit`);
  if (trimmed.length > MAX_LENGTH) throw new Error(`front matter aliases: "${clip(text)}…" is longer than ${MAX_LENGTH} characters`);
  return trimmed;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} "${clip(String(value))}"`;
}

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 40) : text;
}

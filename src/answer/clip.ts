/**
 * Shortens text to at most `max` characters, at a word boundary when one is
 * near, ending with "…". Text that fits is returned unchanged.
 *
 * @example
 * clip('The specific feature of cooperation', 20) // 'The specific…'
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Folds text for matching: lower case, no diacritics, and one form for the
 * many dashes, quotes and apostrophes that documents and keyboards produce.
 *
 * @example
 * fold('Russia–China “Twins”') // 'russia-china "twins"'
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .toLowerCase();
}

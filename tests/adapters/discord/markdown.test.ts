import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlight } from '../../../src/answer/highlight.js';
import { fitMarkup, fitText } from '../../../src/render/fit-markup.js';
import { DISCORD_MARKUP, escapeDiscord, quote } from '../../../adapters/discord/markdown.js';

/** What Discord shows for our markup: escapes resolved, bold markers dropped. */
const shown = (markup: string): string => markup.replace(/\\([^])|\*\*/g, (_, c: string | undefined) => c ?? '');

const piece = fc.constantFrom(
  'APEC',
  'cooperation',
  ' ',
  '*',
  '**',
  '_',
  '~~',
  '||',
  '`',
  '\\',
  '>',
  '# ',
  '- ',
  '1. ',
  '[a](b)',
  'é',
  '😀',
  '.',
);
const text = fc
  .array(fc.oneof(piece, fc.string({ unit: 'grapheme-ascii', maxLength: 5 })), { maxLength: 80 })
  .map((p) => p.join(''));

describe('escapeDiscord', () => {
  it('escapes markdown, leaves URLs and custom emoji alone', () => {
    expect(escapeDiscord('# a_b *c* ~~d~~ ||e|| `f` [g](h) \\')).toBe(
      '\\# a\\_b \\*c\\* \\~\\~d\\~\\~ \\|\\|e\\|\\| \\`f\\` \\[g](h) \\\\',
    );
    expect(escapeDiscord('see https://x.y/a_b_c and <:ok:123>')).toBe('see https://x.y/a_b_c and <:ok:123>');
    expect(escapeDiscord('1. one')).toBe('1\\. one');
    expect(escapeDiscord('- item')).toBe('\\- item');
    expect(escapeDiscord('\uD83D alone')).toBe('\uFFFD alone');
  });

  it('is linear: a long passage escapes quickly', () => {
    const long = 'The specific_feature of *Russia–China* cooperation. '.repeat(2000);
    const started = performance.now();
    escapeDiscord(long);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('shows exactly the original text (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(shown(escapeDiscord(t))).toBe(t);
      }),
    );
  });
});

describe('fitMarkup', () => {
  it('bolds matched words and keeps text that fits unchanged', () => {
    const segments = highlight('The specific feature of cooperation', ['feature']);
    expect(fitMarkup(segments, DISCORD_MARKUP, 100)).toBe('The specific **feature** of cooperation');
  });

  it('cuts at a word, never inside a bold marker or an escape, and ends with "…"', () => {
    const segments = highlight('The specific feature of cooperation', ['feature']);
    expect(fitMarkup(segments, DISCORD_MARKUP, 20)).toBe('The specific **fe…**');
    expect(fitMarkup(segments, DISCORD_MARKUP, 15)).toBe('The specific…');
    expect(fitText('a_b_c_d_e_f', escapeDiscord, 8)).toBe('a\\_b\\_c…');
    expect(fitText('anything', escapeDiscord, 0)).toBe('');
  });

  it('never exceeds the limit, balances bold markers, and shows a prefix of the text (property)', () => {
    fc.assert(
      fc.property(text, fc.array(piece, { maxLength: 4 }), fc.integer({ min: 0, max: 300 }), (t, terms, max) => {
        const out = fitMarkup(highlight(t, terms), DISCORD_MARKUP, max);
        expect(out.length).toBeLessThanOrEqual(max);
        const markers = out.replace(/\\[^]/g, '').match(/\*\*/g) ?? [];
        expect(markers.length % 2).toBe(0);
        const visible = shown(out);
        if (visible === t) return;
        expect(visible.endsWith('…') || out === '').toBe(true);
        expect(t.startsWith(visible.slice(0, -1).trimEnd())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes a passage on one line', () => {
    const q = quote(highlight('Line one\nline *two*', ['two']), 100);
    expect(q).toBe('> Line one line \\***two**\\*');
  });
});

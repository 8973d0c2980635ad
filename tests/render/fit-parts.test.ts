import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/render/fit-markup.js';
import { fitEach, fitLines, fitParts, wrap } from '../../src/render/fit-parts.js';

const plain = (t: string) => (room: number) => fitText(t, (x) => x, room);

describe('fitParts', () => {
  it('keeps short parts whole and shares the rest among the long ones', () => {
    const out = fitParts([plain('title'), plain('a'.repeat(100)), plain('b'.repeat(100))], 61);
    const [title, a, b] = out.split('\n');
    expect(title).toBe('title');
    expect(a?.length).toBe(27);
    expect(b?.length).toBe(27);
  });

  it('never exceeds the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 10 }),
        fc.nat(800),
        fc.string({ maxLength: 3 }),
        (texts, max, sep) => {
          expect(fitParts(texts.map(plain), max, sep).length).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

describe('fitEach', () => {
  it('gives each part its own string, shared out as fitParts does', () => {
    const parts = [plain('title'), plain('a'.repeat(100)), plain(''), plain('b'.repeat(100))];
    expect(fitEach(parts, 61, 1)).toEqual(fitParts(parts, 61).split('\n').toSpliced(2, 0, ''));
    expect(fitEach(parts, 59).map((p) => p.length)).toEqual([5, 27, 0, 27]);
  });

  it('never exceeds the limit, gaps included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 10 }),
        fc.nat(2000),
        fc.nat(3),
        (texts, max, gap) => {
          const out = fitEach(texts.map(plain), max, gap);
          expect(out).toHaveLength(texts.length);
          const shown = out.filter((s) => s !== '');
          expect(shown.join('').length + Math.max(0, shown.length - 1) * gap).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

describe('fitLines and wrap', () => {
  it('keeps whole lines and says how many are left out', () => {
    expect(fitLines(['aaa', 'bbb', 'ccc'], 9, (n) => `+${n}`)).toBe('aaa\n+2');
    expect(fitLines(['a', 'b'], 10, (n) => `+${n}`)).toBe('a\nb');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }), fc.nat(300), (lines, max) => {
        const out = fitLines(lines, max, (n) => `…${n} more`);
        if (lines.every((l) => l.length <= max)) expect(out.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('wraps only when a character fits inside', () => {
    expect(wrap('<b>', '</b>', 7, plain('hello'))).toBe('');
    expect(wrap('<b>', '</b>', 8, plain('hello'))).toBe('<b>…</b>');
    expect(wrap('<b>', '</b>', 12, plain('hello'))).toBe('<b>hello</b>');
  });
});

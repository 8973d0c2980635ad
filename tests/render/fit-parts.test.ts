import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/render/fit-markup.js';
import { fitLines, fitParts, wrap } from '../../src/render/fit-parts.js';

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

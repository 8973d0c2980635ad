import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAction, parseAction, type ButtonAction } from '../../../adapters/discord/custom-id.js';

const answerId = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-'), minLength: 1, maxLength: 24 });
const page = fc.integer({ min: 1, max: 9999 });
const address = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 140 }).filter((a) => !a.includes('\n'));
const action: fc.Arbitrary<ButtonAction> = fc.oneof(
  fc.record({ kind: fc.constant('page' as const), page, answerId }),
  fc.record({ kind: fc.constant('post' as const), page, answerId }),
  fc.record({ kind: fc.constant('full' as const), address }),
  fc.record({ kind: fc.constant('full-at' as const), page, index: fc.integer({ min: 0, max: 99 }) }),
  fc.record(
    { kind: fc.constant('vote' as const), vote: fc.constantFrom('up' as const, 'down' as const), answerId, address },
    { requiredKeys: ['kind', 'vote', 'answerId'] },
  ),
);

describe('custom_id', () => {
  it('is short and versioned', () => {
    expect(encodeAction({ kind: 'page', page: 2, answerId: 'Ab3_x-9Q' })).toBe('a1:p:2:Ab3_x-9Q');
    expect(encodeAction({ kind: 'post', page: 1, answerId: 'Ab3_x-9Q' })).toBe('a1:post:1:Ab3_x-9Q');
    expect(encodeAction({ kind: 'vote', vote: 'up', answerId: 'Ab3_x-9Q', address: 'doc §1.2' })).toBe(
      'a1:up:Ab3_x-9Q:doc §1.2',
    );
    expect(encodeAction({ kind: 'full', address: 'doc §1.2' })).toBe('a1:full:doc §1.2');
    expect(encodeAction({ kind: 'full-at', page: 3, index: 1 })).toBe('a1:fi:3:1');
  });

  it('is at most 100 characters for any action, and reads back as the same action (property)', () => {
    fc.assert(
      fc.property(action, (a) => {
        const id = encodeAction(a);
        if (id === undefined) {
          // Only an address too long to carry is refused; the renderer then uses full-at.
          expect(a.kind).toBe('full');
          return;
        }
        expect(id.length).toBeGreaterThan(0);
        expect(id.length).toBeLessThanOrEqual(100);
        const back = parseAction(id);
        if (a.kind === 'vote' && a.address !== undefined && `a1:${a.vote}:${a.answerId}:${a.address}`.length > 100)
          expect(back).toEqual({ kind: 'vote', vote: a.vote, answerId: a.answerId });
        else expect(back).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('never carries an unsafe answer id, and rejects what it did not make', () => {
    expect(encodeAction({ kind: 'page', page: 2, answerId: 'has:colon' })).toBe('a1:p:2:-');
    for (const id of [
      '',
      'sources:1',
      'a1:p:0:abc',
      'a1:p:x:abc',
      'a1:zz:1:abc',
      'a2:p:1:abc',
      'a1:full:',
      `a1:full:${'x'.repeat(100)}`,
    ])
      expect(parseAction(id)).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (id) => {
        const parsed = parseAction(id);
        if (parsed !== undefined) expect(id.length).toBeLessThanOrEqual(100);
      }),
    );
  });
});

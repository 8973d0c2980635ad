import { describe, expect, it } from 'vitest';
import { englishRarity, inflectionBases } from '../../src/text/english-rarity.js';

describe('englishRarity', () => {
  it('weighs an inflected form as its commonest base: "brings" says no more than "bring"', () => {
    expect(englishRarity('brings')).toBeCloseTo(englishRarity('bring'));
    expect(englishRarity('happens')).toBeCloseTo(englishRarity('happen'));
    expect(englishRarity('joined')).toBeLessThanOrEqual(englishRarity('join'));
  });

  it('still tells everyday words from rare ones', () => {
    expect(englishRarity('think')).toBeLessThan(englishRarity('sanctions'));
    expect(englishRarity('entanglement')).toBeGreaterThan(englishRarity('pressure'));
  });
});

describe('inflectionBases', () => {
  it('undoes -s, -es, -ies, -ed, -ied and -ing, with a doubled consonant or a dropped e', () => {
    expect(inflectionBases('brings')).toContain('bring');
    expect(inflectionBases('watches')).toContain('watch');
    expect(inflectionBases('countries')).toContain('country');
    expect(inflectionBases('threatened')).toContain('threaten');
    expect(inflectionBases('applied')).toContain('apply');
    expect(inflectionBases('stopped')).toContain('stop');
    expect(inflectionBases('making')).toContain('make');
    expect(inflectionBases('getting')).toContain('get');
  });

  it('leaves short words and -ss, -us, -is endings alone', () => {
    expect(inflectionBases('is')).toEqual([]);
    expect(inflectionBases('press')).toEqual([]);
    expect(inflectionBases('bonus')).toEqual([]);
    expect(inflectionBases('crisis')).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { MINISEARCH_VERSION, checkMiniSearchInternals } from '../../src/search/minisearch-bridge.js';

describe('the MiniSearch bridge', () => {
  it('runs on the exact MiniSearch version package.json pins', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync('node_modules/minisearch/package.json', 'utf8')) as { version: string };
    expect(pkg.dependencies['minisearch']).toBe(MINISEARCH_VERSION);
    expect(installed.version).toBe(MINISEARCH_VERSION);
  });

  it('finds every internal it relies on in that version', () => {
    expect(() => checkMiniSearchInternals(new MiniSearch({ fields: ['text'] }))).not.toThrow();
  });

  it('fails with a clear message, naming what is missing, when the internals change', () => {
    const changed = Object.assign(Object.create(null) as object, { _index: new Map(), _fieldLength: new Map() });
    expect(() => checkMiniSearchInternals(changed)).toThrow(
      /^MiniSearch: this version lacks _documentIds, _idToShortId, executeQuery\(\), which src\/search\/minisearch-bridge\.ts relies on/,
    );
  });
});

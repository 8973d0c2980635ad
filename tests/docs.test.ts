import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../adapters/config.js';

const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text outside fenced code blocks, where links and headings are real. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const headings = prose(readFileSync(file, 'utf8')).match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, '').replace(/`/g, ''))));
}

describe('the documentation', () => {
  it('keeps the README under 20 KB, with the details in docs/', () => {
    expect(readFileSync('README.md').length).toBeLessThanOrEqual(20_000);
    for (const page of [
      'discord',
      'slack',
      'telegram',
      'self-hosting',
      'configuration',
      'benchmarks',
      'troubleshooting',
      'answer-quality',
      'replicas',
      'reliability',
    ])
      expect(existsSync(`docs/${page}.md`), page).toBe(true);
  });

  it('has no broken relative link or anchor', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const [, target = ''] of prose(readFileSync(page, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : normalize(join(dirname(page), path));
        if (!existsSync(file)) broken.push(`${page}: ${target}`);
        else if (anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor))
          broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the configuration table in one place, docs/configuration.md', () => {
    // A row that repeats a variable's description from the schema is a copy of the table.
    const copies: string[] = [];
    for (const page of PAGES.filter((p) => p !== 'docs/configuration.md')) {
      for (const line of readFileSync(page, 'utf8').split('\n')) {
        const cells = line.split('|').map((c) => c.trim());
        const name = /^`([A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
        const v = name === undefined ? undefined : (CONFIG_VARIABLES as Record<string, { description: string }>)[name];
        if (v !== undefined && cells.includes(v.description)) copies.push(`${page}: ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it('troubleshooting gives ten problems, each with its symptom, cause and fix', () => {
    const sections = readFileSync('docs/troubleshooting.md', 'utf8').split(/^## /m).slice(1);
    expect(sections).toHaveLength(10);
    for (const s of sections) expect(s).toMatch(/\*\*Symptom\.\*\*[\s\S]*\*\*Cause\.\*\*[\s\S]*\*\*Fix\.\*\*/);
  });
});

/**
 * `npm run config:docs`: writes the configuration table of
 * docs/configuration.md and `.env.example` from the schemas (the core's and
 * every registered platform's), after a variable or a platform is added.
 * tests/config.test.ts fails until they are in step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_VARIABLES } from '../adapters/config.js';
import { configTable, envExample } from '../src/config-docs.js';

const PAGE = 'docs/configuration.md';
const page = readFileSync(PAGE, 'utf8').split('\n');
const first = page.findIndex((line) => line.startsWith('| Variable'));
let end = first;
while (end < page.length && page[end]?.startsWith('|')) end++;
if (first < 0) throw new Error(`${PAGE}: no table starting with "| Variable"`);
page.splice(first, end - first, configTable(CONFIG_VARIABLES));
writeFileSync(PAGE, page.join('\n'));
writeFileSync('.env.example', envExample(CONFIG_VARIABLES));
process.stdout.write(`wrote ${PAGE} and .env.example\n`);

import type { ConfigVariables } from './config.js';

/**
 * The configuration table of docs/configuration.md, generated from the schema
 * (the core variables, then each registered platform's). A test checks that the
 * page holds exactly this, and nowhere else does, so they stay in step.
 *
 * @example
 * configTable(CONFIG_VARIABLES) // '| Variable | Default or example | Meaning |\n…'
 */
export function configTable(variables: ConfigVariables): string {
  const rows = Object.entries(variables).map(
    ([name, v]) => `| \`${name}\` | ${v.example === '' ? '' : `\`${v.example}\``} | ${v.description} |`,
  );
  return ['| Variable | Default or example | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/**
 * Paths the container image sets itself (`/app/knowledge`, `/data`).
 * `.env.example` leaves them commented out: a `.env` that set `./data` would
 * make `docker run --env-file .env` write into a folder the container's user
 * cannot write, instead of the `/data` volume.
 */
export const IMAGE_PATHS: ReadonlySet<string> = new Set(['KNOWLEDGE_DIR', 'DATA_DIR']);

/** `.env.example`, generated from the schema, kept in step by the same test. */
export function envExample(variables: ConfigVariables): string {
  const lines = [
    '# Every variable the bot reads. Copy to .env and fill in what you use.',
    '# Leave the platform tokens empty to run the terminal bot.',
    '',
  ];
  for (const [name, v] of Object.entries(variables)) {
    lines.push(`# ${v.description.replace(/`/g, '')}`);
    if (IMAGE_PATHS.has(name))
      lines.push('# The container image sets its own; uncomment only outside it.', `# ${name}=${v.example}`, '');
    else lines.push(`${name}=${v.example}`, '');
  }
  return lines.join('\n');
}

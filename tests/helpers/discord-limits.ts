import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';

interface Checked {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  allowed_mentions?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);
const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';
const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every way a message payload breaks a Discord limit (empty when it keeps
 * them all). Lengths are UTF-16 code units, never fewer than Discord counts.
 * Also checks that mentions are off and no text holds half a surrogate pair.
 *
 * @example
 * limitProblems({ content: 'x'.repeat(2001), allowed_mentions: { parse: [] } }) // ['content: 2001 > 2000']
 */
export function limitProblems(message: Checked): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  const max = (what: string, value: unknown, limit: number): void => {
    if (len(value) > limit) problems.push(`${what}: ${len(value)} > ${limit}`);
    if (typeof value === 'string' && lone.test(value)) problems.push(`${what}: half a surrogate pair`);
  };
  const mentions = message.allowed_mentions;
  if (!isObject(mentions) || !Array.isArray(mentions['parse']) || mentions['parse'].length !== 0)
    problems.push('allowed_mentions: must be { parse: [] }');
  max('content', message.content, L.content);
  const embeds = Array.isArray(message.embeds) ? (message.embeds as unknown[]) : [];
  if (embeds.length > L.embeds) problems.push(`embeds: ${embeds.length} > ${L.embeds}`);
  if (blank(message.content) && embeds.length === 0) problems.push('message: empty');
  let total = 0;
  embeds.filter(isObject).forEach((embed, e) => {
    max(`embeds[${e}].title`, embed['title'], L.title);
    max(`embeds[${e}].description`, embed['description'], L.description);
    total += len(embed['title']) + len(embed['description']);
    const footer = isObject(embed['footer']) ? embed['footer']['text'] : undefined;
    max(`embeds[${e}].footer`, footer, L.footer);
    total += len(footer);
    const fields = Array.isArray(embed['fields']) ? (embed['fields'] as unknown[]).filter(isObject) : [];
    if (fields.length > L.fields) problems.push(`embeds[${e}].fields: ${fields.length} > ${L.fields}`);
    fields.forEach((field, f) => {
      max(`embeds[${e}].fields[${f}].name`, field['name'], L.fieldName);
      max(`embeds[${e}].fields[${f}].value`, field['value'], L.fieldValue);
      if (blank(field['name']) || blank(field['value'])) problems.push(`embeds[${e}].fields[${f}]: empty`);
      total += len(field['name']) + len(field['value']);
    });
  });
  if (total > L.embedTotal) problems.push(`embeds: ${total} characters > ${L.embedTotal}`);
  const rows = Array.isArray(message.components) ? (message.components as unknown[]).filter(isObject) : [];
  if (rows.length > L.rows) problems.push(`components: ${rows.length} rows > ${L.rows}`);
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    const buttons = Array.isArray(row['components']) ? (row['components'] as unknown[]).filter(isObject) : [];
    if (buttons.length === 0 || buttons.length > L.buttonsPerRow)
      problems.push(`components[${r}]: ${buttons.length} buttons (1 to ${L.buttonsPerRow})`);
    buttons.forEach((button, b) => {
      const id = button['custom_id'];
      max(`components[${r}][${b}].label`, button['label'], L.buttonLabel);
      if (typeof id !== 'string' || id.length === 0 || id.length > L.customId)
        problems.push(`components[${r}][${b}].custom_id: length ${len(id)} (1 to ${L.customId})`);
      else if (ids.has(id)) problems.push(`components[${r}][${b}].custom_id: duplicate ${id}`);
      else ids.add(id);
      if (blank(button['label']) && !isObject(button['emoji'])) problems.push(`components[${r}][${b}]: no label`);
    });
  });
  return problems;
}

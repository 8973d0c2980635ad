/** What Discord refuses (message limits, autocomplete choices, commands) and how it edits a message, as far as the bot's tests need. */
import type { APIMessage } from 'discord.js';
import { limitProblems } from './discord-limits.js';

/** Whether a value is a plain object. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What Discord refuses in a message body: its limits (mentions are the bot's business, not Discord's). */
export function messageErrors(body: unknown, mayBeEmpty: boolean): string[] {
  return limitProblems(isRecord(body) ? body : {}).filter(
    (p) => !p.startsWith('allowed_mentions') && !(mayBeEmpty && p === 'message: empty'),
  );
}

/** What Discord refuses in autocomplete choices: more than 25, or a name or value out of 1–100 characters. */
export function choiceErrors(data: unknown): string[] {
  const choices = isRecord(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) return ['data.choices: required'];
  const errors = choices.length > 25 ? [`data.choices: ${choices.length} > 25`] : [];
  choices.forEach((c: unknown, i) => {
    const name = isRecord(c) && typeof c['name'] === 'string' ? c['name'] : '';
    const value = isRecord(c) ? String(c['value']) : '';
    if (name.length < 1 || name.length > 100 || value.length > 100) errors.push(`data.choices[${i}]: 1–100 characters`);
  });
  return errors;
}

/** A command as a bulk overwrite may carry it: name, description, option limits, installation contexts. */
export function commandErrors(command: unknown, at: string): string[] {
  if (!isRecord(command)) return [`${at}: not an object`];
  const errors: string[] = [];
  const name = command['name'];
  if (typeof name !== 'string' || !/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name)) errors.push(`${at}.name: invalid`);
  const description = command['description'];
  if (typeof description !== 'string' || description.length < 1 || description.length > 100)
    errors.push(`${at}.description: 1–100 characters`);
  for (const [field, allowed] of [
    ['integration_types', [0, 1]],
    ['contexts', [0, 1, 2]],
  ] as const) {
    const value = command[field];
    if (
      value !== undefined &&
      (!Array.isArray(value) || value.some((v) => !(allowed as readonly unknown[]).includes(v)))
    )
      errors.push(`${at}.${field}: one of ${JSON.stringify(allowed)}`);
  }
  const options = Array.isArray(command['options']) ? (command['options'] as unknown[]) : [];
  if (options.length > 25) errors.push(`${at}.options: more than 25`);
  options.forEach((o, i) => {
    if (isRecord(o) && typeof o['max_length'] === 'number' && o['max_length'] > 6000)
      errors.push(`${at}.options[${i}].max_length: over 6000`);
  });
  return errors;
}

/** A message after an edit: the fields the edit gives replace the old ones; "thinking…" ends. */
export function edited(message: APIMessage, body: Record<string, unknown>): APIMessage {
  const next: APIMessage = { ...message, edited_timestamp: new Date().toISOString() };
  if ('content' in body) next.content = typeof body['content'] === 'string' ? body['content'] : '';
  if ('embeds' in body) next.embeds = Array.isArray(body['embeds']) ? (body['embeds'] as never) : [];
  if ('components' in body) next.components = Array.isArray(body['components']) ? (body['components'] as never) : [];
  if (typeof body['flags'] === 'number') next.flags = body['flags'];
  next.flags = (next.flags ?? 0) & ~128;
  return next;
}

import { MessageFlags } from 'discord.js';
import type { APIApplicationCommandOptionChoice, APIEmbed, APIEmbedField } from 'discord.js';
import type { CiteResult, Topics } from '../../src/answer/answer.js';
import { DISCORD_LIMITS as L } from './limits.js';
import { attribution, code, fit, fitRaw, quote, safeUrl } from './markdown.js';
import { noMentions, type DiscordMessage } from './render.js';

const COLOR = 0x5865f2;

/**
 * One passage looked up by its address (`/cite`, or the "Full passage"
 * button): the whole passage quoted, with its section, document and the
 * knowledge version. When there is no such passage, a plain message with
 * addresses to try. Always ephemeral.
 *
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export function renderCite(result: CiteResult): DiscordMessage {
  if (!result.found) {
    const near = result.suggestions.slice(0, 5).map((s) => code(s, 110));
    const content = `${fitRaw(result.message, 1200) || 'There is no passage at that address.'}${near.length > 0 ? `\nTry: ${near.join(', ')}` : ''}`;
    return { content, flags: MessageFlags.Ephemeral, allowed_mentions: noMentions() };
  }
  const { citation } = result;
  const source = attribution(citation, 400);
  const embed: APIEmbed = {
    color: COLOR,
    title: fitRaw(citation.address, L.title) || 'Passage',
    description: `${quote(citation, L.description - source.length - 1)}\n${source}`,
    footer: { text: fitRaw(`knowledge ${result.version}`, 120) },
  };
  return { embeds: [embed], flags: MessageFlags.Ephemeral, allowed_mentions: noMentions() };
}

/**
 * The table of contents (`/topics`): each document with its sections and
 * their addresses, as many as Discord's limits allow; the footer says what
 * was left out. Always ephemeral.
 */
export function renderTopics(topics: Topics): DiscordMessage {
  const title = 'Topics';
  const description = 'Ask with `/ask`, or read one passage with `/cite address:<address>`.';
  const docs = topics.documents;
  const reserve = 200; // the footer
  let room = L.embedTotal - title.length - description.length - reserve;
  const shown = Math.min(docs.length, L.fields, Math.max(1, Math.floor(room / 160)));
  const fields: APIEmbedField[] = [];
  for (const [i, doc] of docs.slice(0, shown).entries()) {
    const per = Math.min(L.fieldName + L.fieldValue, Math.floor(room / (shown - i)));
    const name = fit(doc.title, Math.min(200, Math.floor(per / 4))) || fit(doc.slug, 100) || 'Document';
    const max = Math.min(L.fieldValue, per - name.length);
    const url = safeUrl(doc.url);
    const lines: string[] = url === undefined ? [] : [`[Open the document](${url})`];
    let used = lines.join('\n').length;
    let hidden = 0;
    for (const [j, s] of doc.sections.entries()) {
      const line = `${code(s.address, 110)} ${fit(s.heading, 150)} (${s.passages} ${s.passages === 1 ? 'passage' : 'passages'})`;
      const more = `…and ${doc.sections.length - j} more`;
      const after = used + (lines.length > 0 ? 1 : 0) + line.length;
      // Leave room for the "…and N more" line unless this is the last section.
      if (after + (j === doc.sections.length - 1 ? 0 : more.length + 1) > max) {
        hidden = doc.sections.length - j;
        break;
      }
      lines.push(line);
      used = after;
    }
    if (hidden > 0) lines.push(`…and ${hidden} more`);
    const joined = lines.join('\n') || '(no sections)';
    const value = joined.length <= max ? joined : fit(joined, max) || '…';
    fields.push({ name, value });
    room -= name.length + value.length;
  }
  const left = docs.length - shown;
  const footer = `knowledge ${topics.version}${left > 0 ? ` · ${left} more documents not shown; /cite autocompletes every address` : ''}`;
  return {
    embeds: [{ color: COLOR, title, description, fields, footer: { text: fitRaw(footer, reserve) } }],
    flags: MessageFlags.Ephemeral,
    allowed_mentions: noMentions(),
  };
}

/**
 * Autocomplete choices: at most 25, names and values of 1 to 100
 * characters, no value twice. A value that is too long is left out, never cut.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#autocomplete
 */
export function renderChoices(
  items: ReadonlyArray<{ readonly name: string; readonly value: string }>,
): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  for (const { name, value } of items) {
    if (value.trim() === '' || value.length > L.choiceValue || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: fitRaw(name, L.choiceName) || fitRaw(value, L.choiceName), value });
    if (out.length === L.choices) break;
  }
  return out;
}

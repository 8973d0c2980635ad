import type { APIApplicationCommandOptionChoice, APIEmbedField } from 'discord.js';
import type { NoticeMessage, PassageMessage, TopicsMessage } from '../../src/message/model.js';
import { fitLines, fitParts } from '../../src/render/fit-parts.js';
import { DISCORD_LIMITS as L } from './limits.js';
import { attribution, code, fit, fitRaw, quote, safeUrl } from './markdown.js';
import { EMBED_COLOR, noMentions, visibility, type DiscordMessage } from './message.js';

/** Room kept for the footer of the table of contents. */
const FOOTER_ROOM = 300;

/**
 * One passage looked up by its address (`/cite`, or a "Full passage"
 * button): the whole passage quoted, with its section, document and the
 * footer. Always ephemeral.
 *
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export function renderPassage(m: PassageMessage): DiscordMessage {
  const p = m.passage;
  const description = fitParts([(r) => quote(p.segments, r), (r) => attribution(p, Math.min(r, 400))], L.description);
  return {
    embeds: [
      {
        color: EMBED_COLOR,
        title: fitRaw(p.address, L.title) || '…',
        description: description || '…',
        footer: { text: fitRaw(m.footer, 200) || '…' },
      },
    ],
    ...visibility(true),
    allowed_mentions: noMentions(),
  };
}

/**
 * The table of contents (`/topics`): each document with its sections and
 * their addresses, as many as Discord's limits allow, and how many were
 * left out. Always ephemeral.
 */
export function renderTopics(m: TopicsMessage): DiscordMessage {
  const title = fitRaw(m.title, L.title) || '…';
  const docs = m.documents;
  let room = L.embedTotal - title.length - FOOTER_ROOM;
  const shown = Math.min(docs.length, L.fields, Math.max(1, Math.floor(room / 160)));
  const fields: APIEmbedField[] = [];
  for (const [i, doc] of docs.slice(0, shown).entries()) {
    const per = Math.min(L.fieldName + L.fieldValue, Math.floor(room / (shown - i)));
    const name = fit(doc.title, Math.min(200, Math.floor(per / 4))) || code(doc.slug, 100) || '…';
    const max = Math.max(0, Math.min(L.fieldValue, per - name.length));
    const url = safeUrl(doc.url);
    const head = `${code(doc.slug, 110)}${url === undefined ? '' : ` [↗](${url})`}`;
    const lines = doc.sections.map((s) => `${code(s.address, 110)} ${fit(`${s.heading} · ${s.count}`, 200)}`);
    const value = fitParts(
      [(r) => (head.length <= r ? head : ''), (r) => fitLines(lines, r, (n) => fit(m.more(n), r))],
      max,
    );
    fields.push({ name, value: value || '…' });
    room -= name.length + (value || '…').length;
  }
  const left = docs.length - shown;
  const footer = fitRaw(left > 0 ? `${m.footer} · ${m.more(left)}` : m.footer, FOOTER_ROOM) || '…';
  return {
    embeds: [{ color: EMBED_COLOR, title, ...(fields.length === 0 ? {} : { fields }), footer: { text: footer } }],
    ...visibility(true),
    allowed_mentions: noMentions(),
  };
}

/** A short plain message (a refusal, an error, a thank-you, a hint) and its further lines; ephemeral unless said otherwise. */
export function renderNotice(m: NoticeMessage, ephemeral = true): DiscordMessage {
  const line =
    (t: string) =>
    (room: number): string =>
      fit(t, room);
  const content = fitParts([line(m.text), ...m.lines.map(line)], L.content);
  return { content: content || '…', ...visibility(ephemeral), allowed_mentions: noMentions() };
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

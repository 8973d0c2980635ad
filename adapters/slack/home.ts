import type { HomeView } from '@slack/types';
import type { Topics } from '../../src/answer/answer.js';
import { context, section, type SlackBlock } from './blocks.js';
import { clip } from '../../src/answer/clip.js';
import { escapeMrkdwn, mrkdwnLink } from './mrkdwn.js';
import { helpLines } from './render.js';

/** Blocks in a Home tab view (Slack allows 100); the topics list stops short of it. */
const MAX_HOME_BLOCKS = 100;

/**
 * The App Home tab: what the bot is, how to ask it (with the configured
 * slash command), the documents it knows with their sections, and the
 * knowledge version. Published with `views.publish` when a user opens the tab.
 *
 * @see https://docs.slack.dev/surfaces/app-home
 * @see https://docs.slack.dev/reference/methods/views.publish
 * @example
 * await client.views.publish({ user_id, view: renderHome(service.topics(), '/ask') });
 */
export function renderHome(topics: Topics, command = '/ask'): HomeView {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Ask the documents', emoji: true } },
    section(helpLines(command).join('\n')),
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'What I know', emoji: true } },
  ];
  const footer = context(
    `knowledge ${escapeMrkdwn(clip(topics.version, 40))} · ${topics.documents.length} documents · ` +
      `\`${escapeMrkdwn(command)} topics\` lists every section`,
  );
  let left = 0;
  for (const d of topics.documents) {
    if (blocks.length >= MAX_HOME_BLOCKS - 2) {
      left += 1;
      continue;
    }
    const title = escapeMrkdwn(clip(d.title, 150));
    const heading = d.url === undefined ? `*${title}*` : `*${mrkdwnLink(d.url, title)}*`;
    const sections = d.sections
      .slice(0, 8)
      .map((s) => escapeMrkdwn(clip(s.heading, 80)))
      .join(' · ');
    const more = d.sections.length > 8 ? ` · …and ${d.sections.length - 8} more` : '';
    blocks.push(section(`${heading}\n${sections}${more}`));
  }
  if (topics.documents.length === 0) blocks.push(section('There are no documents yet.'));
  if (left > 0) blocks.push(context(`…and ${left} more documents.`));
  blocks.push(footer);
  return { type: 'home', blocks };
}

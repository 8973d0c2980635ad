import type { HomeView } from '@slack/types';
import type { NoticeMessage, TopicsMessage } from '../../src/message/model.js';
import { renderSlack } from './render.js';

/**
 * The App Home tab: the help (how to ask, with the configured slash command),
 * then the documents and their sections with the knowledge version; or, for
 * a user the gate turns away, only the refusal. Published with
 * `views.publish` when a user opens the tab.
 *
 * @see https://docs.slack.dev/surfaces/app-home
 * @see https://docs.slack.dev/reference/methods/views.publish
 * @example
 * await client.views.publish({ user_id, view: renderHome(helpMessage(usage), topicsMessage(service.topics())) });
 */
export function renderHome(help: NoticeMessage, topics?: TopicsMessage): HomeView {
  const blocks = renderSlack(help).blocks;
  if (topics === undefined) return { type: 'home', blocks };
  return { type: 'home', blocks: [...blocks, { type: 'divider' }, ...renderSlack(topics).blocks] };
}

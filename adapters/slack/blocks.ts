/**
 * The few Block Kit shapes the bot sends (types from `@slack/types`), and
 * Slack's limits on them.
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';

/** Slack's limits, and the budget the renderers keep under. */
export const LIMITS = {
  /** Blocks in one message. */
  blocks: 50,
  /** Characters in a section's text. */
  sectionText: 3000,
  /** Characters in a button's label. */
  buttonLabel: 75,
  /**
   * The whole message as JSON. Slack has rejected messages (`msg_blocks_too_long`) near 13,000 characters, so the
   * renderers stay well under 12,000.
   */
  message: 10_000,
} as const;

/** A button; its `value` carries all the state the action needs. */
export type SlackButton = Button & { readonly action_id: string; readonly value: string };

/** A section of mrkdwn text, with at most a button beside it. */
export type SlackSection = Omit<SectionBlock, 'text' | 'accessory'> & {
  readonly text: MrkdwnElement;
  readonly accessory?: SlackButton;
};

/** A context line of mrkdwn. */
export type SlackContext = Omit<ContextBlock, 'elements'> & { elements: MrkdwnElement[] };

/** A row of buttons. */
export type SlackActions = Omit<ActionsBlock, 'elements'> & { elements: SlackButton[] };

/**
 * The blocks the bot sends: sections, context lines and rows of buttons
 * (and, on the Home tab, headers and dividers). Narrowed from `@slack/types`,
 * so they go to the Web API as they are.
 */
export type SlackBlock = SlackSection | SlackContext | SlackActions | HeaderBlock | DividerBlock;

/**
 * A message as the renderers produce it: `text` is the notification fallback,
 * `blocks` what Slack shows. Both are mrkdwn with all outside text escaped.
 *
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

/** Slack rejects empty text; blank text becomes an ellipsis. */
export function nonBlank(text: string): string {
  return text.trim() === '' ? '…' : text;
}

/** A section block; `text` must already be escaped. */
export function section(text: string, accessory?: SlackButton): SlackSection {
  const block: SlackSection = { type: 'section', text: { type: 'mrkdwn', text: nonBlank(text) } };
  return accessory === undefined ? block : { ...block, accessory };
}

/** A context block of one mrkdwn element; `text` must already be escaped. */
export function context(text: string): SlackContext {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: nonBlank(text) }] };
}

/** A button with a fixed label. */
export function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): SlackButton {
  const b: SlackButton = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: true },
    value,
  };
  return style === undefined ? b : { ...b, style };
}

/** How large a message is, as Slack counts it near enough: its JSON. */
export function messageSize(message: SlackMessage): number {
  return JSON.stringify(message.blocks).length + message.text.length;
}

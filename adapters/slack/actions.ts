import type { Action, AnswerMessage } from '../../src/message/model.js';
import { fitText } from '../../src/render/fit-markup.js';
import { LIMITS, button, type SlackButton } from './blocks.js';
import { ACTIONS, encodePageValue, encodePassageValue, encodeVoteValue } from './buttons.js';
import { escapeInline } from './mrkdwn.js';

/** A Slack user id, as Slack itself gives it (never as a user typed it). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/** Characters of JSON the buttons of one message may take, whatever the question they carry. */
const BUTTONS_BUDGET = 4_000;

/** How an answer is shown on Slack. */
export interface SlackView {
  /** Offer Share (the ephemeral `/ask` answer, which only the asker sees). */
  readonly share?: boolean;
  /** Show the question above the answer: `'plain'`, or who shared it (a Slack user id). */
  readonly question?: 'plain' | { readonly sharedBy: string };
}

/** The buttons of an answer: a row (pages, 👍 👎, Share), and a Full passage button per passage shown. */
export interface AnswerButtons {
  readonly row: SlackButton[];
  /** By the passage's index in the message. */
  readonly full: ReadonlyMap<number, SlackButton>;
}

/** Who shared the answer, when the view says so with a real Slack user id. */
export function sharerOf(view: SlackView): string | undefined {
  const who = typeof view.question === 'object' ? view.question.sharedBy : undefined;
  return who !== undefined && SLACK_USER_ID.test(who) ? who : undefined;
}

/**
 * Translates an answer's actions into Slack buttons, each carrying its state
 * in its `value` (a button whose state does not fit is left out). The
 * buttons' JSON is kept within a budget, the most useful first: 👍 👎, the
 * pages, the Full passage buttons, then Share.
 *
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 */
export function answerButtons(message: AnswerMessage, view: SlackView): AnswerButtons {
  const sharer = sharerOf(view);
  const sharedBy = sharer === undefined ? {} : { s: sharer };
  const answerId = message.actions.find((a) => a.kind === 'feedback' || a.kind === 'page');
  const id = answerId?.kind === 'feedback' || answerId?.kind === 'page' ? answerId.answerId : undefined;
  const pages = message.actions.filter((a) => a.kind === 'page').sort((a, b) => a.page - b.page);
  const ranked: Array<{ readonly action: Action; readonly button: SlackButton | undefined }> = [];
  const add = (action: Action, made: SlackButton | undefined): void => void ranked.push({ action, button: made });
  for (const a of message.actions) {
    if (a.kind !== 'feedback') continue;
    const value =
      (a.address === undefined ? undefined : encodeVoteValue({ id: a.answerId, v: a.vote, a: a.address })) ??
      encodeVoteValue({ id: a.answerId, v: a.vote });
    add(
      a,
      value === undefined
        ? undefined
        : button(a.vote === 'up' ? ACTIONS.voteUp : ACTIONS.voteDown, label(a.label), value),
    );
  }
  for (const [i, a] of pages.entries()) {
    if (a.disabled) continue;
    const value = encodePageValue({ q: message.question, p: a.page, id: a.answerId, ...sharedBy });
    add(a, value === undefined ? undefined : button(i === 0 ? ACTIONS.previous : ACTIONS.next, label(a.label), value));
  }
  for (const a of message.actions) {
    if (a.kind !== 'full') continue;
    const value = encodePassageValue({ a: a.address });
    add(a, value === undefined ? undefined : button(ACTIONS.fullPassage, label(a.label), value));
  }
  for (const a of message.actions) {
    if (a.kind !== 'share' || view.share !== true || id === undefined) continue;
    const value = encodePageValue({ q: a.question, p: a.page, id });
    add(a, value === undefined ? undefined : button(ACTIONS.share, label(a.label), value, 'primary'));
  }
  let used = 0;
  const kept = new Set<Action>();
  for (const { action, button: b } of ranked) {
    const cost = b === undefined ? 0 : JSON.stringify(b).length;
    if (b === undefined || used + cost > BUTTONS_BUDGET) continue;
    used += cost;
    kept.add(action);
  }
  const row: SlackButton[] = [];
  const full = new Map<number, SlackButton>();
  // The row in the order the model gives: pages, then 👍 👎, then Share.
  for (const order of ['page', 'feedback', 'share'] as const)
    for (const { action, button: b } of ranked)
      if (action.kind === order && b !== undefined && kept.has(action)) row.push(b);
  for (const { action, button: b } of ranked)
    if (action.kind === 'full' && b !== undefined && kept.has(action)) full.set(action.index, b);
  return { row, full };
}

/** A button label within Slack's limit, escaped like any text from documents. */
function label(text: string): string {
  return fitText(text, escapeInline, LIMITS.buttonLabel);
}

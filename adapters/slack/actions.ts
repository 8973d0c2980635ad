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

/** Which buttons stay when not all fit: 👍 👎 first, then the pages, the Full passage buttons, and Share. */
const PRIORITY: Readonly<Record<Action['kind'], number>> = { feedback: 0, page: 1, full: 2, share: 3 };

/**
 * Translates an answer's actions into Slack buttons, each carrying its state
 * in its `value` (a button whose state does not fit is left out, as is a
 * page button that leads nowhere). The buttons' JSON is kept within a
 * budget, the most useful first (`PRIORITY`); the row keeps the model's order.
 *
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 */
export function answerButtons(message: AnswerMessage, view: SlackView): AnswerButtons {
  const made = message.actions.flatMap((action) => {
    const b = toButton(action, message, view);
    return b === undefined ? [] : [{ action, button: b }];
  });
  let used = 0;
  const kept = new Set<Action>();
  for (const { action, button: b } of [...made].sort((x, y) => PRIORITY[x.action.kind] - PRIORITY[y.action.kind])) {
    const cost = JSON.stringify(b).length;
    if (used + cost > BUTTONS_BUDGET) continue;
    used += cost;
    kept.add(action);
  }
  const row: SlackButton[] = [];
  const full = new Map<number, SlackButton>();
  for (const { action, button: b } of made) {
    if (!kept.has(action)) continue;
    if (action.kind === 'full') full.set(action.index, b);
    else row.push(b);
  }
  return { row, full };
}

/** One action as a Slack button, or undefined when it has none here. */
function toButton(a: Action, message: AnswerMessage, view: SlackView): SlackButton | undefined {
  const make = (id: string, value: string | undefined, style?: 'primary'): SlackButton | undefined =>
    value === undefined ? undefined : button(id, label(a.label), value, style);
  switch (a.kind) {
    case 'feedback': {
      const on = a.address === undefined ? undefined : encodeVoteValue({ id: a.answerId, v: a.vote, a: a.address });
      const id = a.vote === 'up' ? ACTIONS.voteUp : ACTIONS.voteDown;
      return make(id, on ?? encodeVoteValue({ id: a.answerId, v: a.vote }));
    }
    case 'page': {
      if (a.disabled) return undefined;
      const sharer = sharerOf(view);
      const value = encodePageValue({
        q: message.question,
        p: a.page,
        id: a.answerId,
        ...(sharer ? { s: sharer } : {}),
      });
      const pages = message.actions.filter((x) => x.kind === 'page');
      return make(pages.every((x) => x.page <= a.page) ? ACTIONS.next : ACTIONS.previous, value);
    }
    case 'full':
      return make(ACTIONS.fullPassage, encodePassageValue({ a: a.address }));
    case 'share': {
      // Feedback goes on being recorded against the answer shared.
      const answerId = message.actions.find((x) => x.kind === 'feedback')?.answerId;
      if (view.share !== true || answerId === undefined) return undefined;
      return make(ACTIONS.share, encodePageValue({ q: a.question, p: a.page, id: answerId }), 'primary');
    }
  }
}

/** A button label within Slack's limit, escaped like any text from documents. */
function label(text: string): string {
  return fitText(text, escapeInline, LIMITS.buttonLabel);
}

/**
 * What Slack sends a Slack app, as the fake builds it: slash commands, events (mentions, DMs, the Home tab) and
 * button presses; Slack's request signing for HTTP mode; and the Block Kit limits Slack enforces on what it is sent.
 *
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import { createHmac, randomUUID } from 'node:crypto';

export const FAKE_SLACK_DEFAULTS = {
  teamId: 'T0FAKETEAM',
  teamDomain: 'fake-team',
  botUserId: 'U0FAKEBOT',
  botId: 'B0FAKEBOT',
  appId: 'A0FAKEAPP',
  userId: 'U0FAKEUSER',
  userName: 'tester',
  channelId: 'C0FAKECHAN',
  channelName: 'general',
  dmChannelId: 'D0FAKEDM',
  verificationToken: 'fake-verification-token',
  /** An unreachable local URL, for a payload built without a response_url (port 9 refuses connections). */
  deadResponseUrl: 'http://127.0.0.1:9/fake-slack/no-response-url',
} as const;

const D = FAKE_SLACK_DEFAULTS;
const tsBase = Math.floor(Date.now() / 1000);
let counter = 0;

/** A unique, increasing Slack message timestamp such as `1700000000.000042`. */
export function nextTs(): string {
  counter += 1;
  return `${tsBase}.${String(counter).padStart(6, '0')}`;
}

function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(8, '0')}`;
}

export interface SlashCommandExtra {
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  response_url?: string;
  command?: string;
}

/** A slash command body, as Slack sends it (all string fields; form-encoded over HTTP). */
export function slashCommand(text: string, extra: SlashCommandExtra = {}): Record<string, string> {
  return {
    token: D.verificationToken,
    team_id: extra.team_id ?? D.teamId,
    team_domain: D.teamDomain,
    channel_id: extra.channel_id ?? D.channelId,
    channel_name: D.channelName,
    user_id: extra.user_id ?? D.userId,
    user_name: D.userName,
    command: extra.command ?? '/ask',
    text,
    api_app_id: D.appId,
    is_enterprise_install: 'false',
    response_url: extra.response_url ?? D.deadResponseUrl,
    trigger_id: `${nextId('')}.${nextId('')}.fake`,
  };
}

export interface EventExtra {
  ts?: string;
  thread_ts?: string;
  channel?: string;
  user?: string;
  event_id?: string;
}

/** An Events API `event_callback` body (the envelope payload in Socket Mode, the JSON body over HTTP). */
export interface EventCallbackBody {
  token: string;
  team_id: string;
  api_app_id: string;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: Array<{ team_id: string; user_id: string; is_bot: true; is_enterprise_install: false }>;
  event: {
    type: string;
    user: string;
    text: string;
    ts: string;
    event_ts: string;
    channel: string;
    thread_ts?: string;
    channel_type?: string;
    [key: string]: unknown;
  };
}

function eventCallback(type: string, text: string, channel: string, extra: EventExtra): EventCallbackBody {
  const ts = extra.ts ?? nextTs();
  return {
    token: D.verificationToken,
    team_id: D.teamId,
    api_app_id: D.appId,
    type: 'event_callback',
    event_id: extra.event_id ?? nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: D.teamId, user_id: D.botUserId, is_bot: true, is_enterprise_install: false }],
    event: {
      type,
      user: extra.user ?? D.userId,
      text,
      ts,
      event_ts: ts,
      channel,
      ...(extra.thread_ts === undefined ? {} : { thread_ts: extra.thread_ts }),
    },
  };
}

/** An `app_mention` event. `text` is used verbatim: include the mention, e.g. `<@U0FAKEBOT> question`. */
export function appMention(text: string, extra: EventExtra = {}): EventCallbackBody {
  return eventCallback('app_mention', text, extra.channel ?? D.channelId, extra);
}

/** A `message` event in a DM (`channel_type: 'im'`): Slack delivers no app mentions in DMs. */
export function directMessage(text: string, extra: EventExtra = {}): EventCallbackBody {
  const body = eventCallback('message', text, extra.channel ?? D.dmChannelId, extra);
  body.event.channel_type = 'im';
  return body;
}

/** The `app_home_opened` event: a user opened the app's Home tab (or, with `tab: 'messages'`, its DM). */
export function appHomeOpened(extra: { user?: string; tab?: 'home' | 'messages' } = {}): EventCallbackBody {
  const body = eventCallback('app_home_opened', '', D.dmChannelId, extra);
  body.event.tab = extra.tab ?? 'home';
  return body;
}

export interface BlockActionExtra {
  user_id?: string;
  channel_id?: string;
  response_url?: string;
}

/** A `block_actions` payload: a button on a bot message was pressed. */
export interface BlockActionPayload {
  type: 'block_actions';
  user: { id: string; username: string; name: string; team_id: string };
  api_app_id: string;
  token: string;
  container: { type: 'message'; message_ts: string; channel_id: string; is_ephemeral: boolean };
  trigger_id: string;
  team: { id: string; domain: string };
  channel: { id: string; name: string };
  message: Record<string, unknown>;
  response_url: string;
  actions: Array<{ type: 'button'; action_id: string; block_id: string; value: string; action_ts: string }>;
}

/** A button press on a bot message in a channel (`container.is_ephemeral` false unless set). */
export function blockAction(actionId: string, value: string, extra: BlockActionExtra = {}): BlockActionPayload {
  const channel = extra.channel_id ?? D.channelId;
  const ts = nextTs();
  return {
    type: 'block_actions',
    user: { id: extra.user_id ?? D.userId, username: D.userName, name: D.userName, team_id: D.teamId },
    api_app_id: D.appId,
    token: D.verificationToken,
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `${nextId('')}.${nextId('')}.fake`,
    team: { id: D.teamId, domain: D.teamDomain },
    channel: { id: channel, name: D.channelName },
    message: { type: 'message', user: D.botUserId, bot_id: D.botId, ts, text: 'message with a button' },
    response_url: extra.response_url ?? D.deadResponseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'fake_block', value, action_ts: nextTs() }],
  };
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:${ts}:${body}`), as Slack signs requests. `timestamp` is in seconds. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** A request body plus its content type, as Slack would POST it to `/slack/events`. */
export interface SlackHttpBody {
  body: string;
  contentType: string;
}

/** Slash commands are form-encoded. */
export function encodeSlashCommand(payload: Record<string, string>): SlackHttpBody {
  return { body: new URLSearchParams(payload).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** Interactive payloads are form-encoded as a single `payload` field holding JSON. */
export function encodeInteractive(payload: object): SlackHttpBody {
  return encodeSlashCommand({ payload: JSON.stringify(payload) });
}

/** Events API bodies (and url_verification) are JSON. */
export function encodeEvent(payload: object): SlackHttpBody {
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

/** A signed request's response: status, headers, text and, when it is JSON, the parsed body. */
export interface SignedPostResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** POSTs a signed Slack request (to the app's `/slack/events`); `options.headers` add or override headers. */
export async function postSignedRequest(
  url: string,
  secret: string,
  request: SlackHttpBody,
  options: { timestamp?: number; headers?: Record<string, string> } = {},
): Promise<SignedPostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      ...signSlackRequest(secret, request.body, options.timestamp),
      ...options.headers,
    },
    body: request.body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * What Slack would refuse in a message it is sent (`chat.postMessage`, a response_url POST), as Slack's error
 * code: no text and no blocks, more than 50 blocks, a section or context text outside 1–3,000 characters, a
 * button label over 75 or a value over 2,000, or blocks near the size Slack refuses (`msg_blocks_too_long`).
 *
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
export function messageProblem(body: Record<string, unknown>): string | undefined {
  const { blocks, text } = body;
  if (blocks === undefined) return typeof text === 'string' && text.trim() !== '' ? undefined : 'no_text';
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return 'invalid_blocks';
  if (JSON.stringify(blocks).length > 12_000) return 'msg_blocks_too_long';
  const texts: unknown[] = [];
  const buttons: Array<{ text?: { text?: unknown }; value?: unknown }> = [];
  for (const b of blocks as Array<Record<string, unknown>>) {
    if (b.type === 'section') texts.push((b.text as { text?: unknown } | undefined)?.text);
    if (b.type === 'context') texts.push(...((b.elements as Array<{ text?: unknown }>) ?? []).map((e) => e.text));
    if (b.accessory !== undefined) buttons.push(b.accessory as never);
    if (b.type === 'actions') buttons.push(...((b.elements as never[]) ?? []));
  }
  const badText = (t: unknown, max: number): boolean => typeof t !== 'string' || t.trim() === '' || t.length > max;
  if (texts.some((t) => badText(t, 3000))) return 'invalid_blocks';
  if (buttons.some((b) => badText(b.text?.text, 75) || typeof b.value !== 'string' || b.value.length > 2000))
    return 'invalid_blocks';
  return undefined;
}

/** A random id for a response_url path. */
export function responseId(): string {
  return randomUUID();
}

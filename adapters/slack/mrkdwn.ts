import type { MarkupStyle } from '../../src/render/fit-markup.js';
/**
 * Slack text in and out: the one escape function every rendered string goes
 * through, and the decoding of what Slack sends us.
 *
 * @see https://docs.slack.dev/messaging/formatting-message-text#escaping
 */

/**
 * Escapes `&`, `<` and `>` so that text from users and documents can never
 * form a link, a user mention or a special mention (`<!channel>`, `<!here>`,
 * `<!everyone>`, `<@U…>`). Apply it once, to every piece of such text.
 *
 * @see https://docs.slack.dev/messaging/formatting-message-text#escaping
 * @example
 * escapeMrkdwn('<!channel> R&D') // '&lt;!channel&gt; R&amp;D'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Look-alikes for mrkdwn's formatting characters, which Slack offers no escape for. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { '*': '\u2217', _: '\uFF3F', '~': '\u223C', '`': '\u02CB' };

/**
 * User text to echo inside mrkdwn, with `*`, `_`, `~` and `` ` `` turned into
 * look-alikes (∗ ＿ ∼ ˋ) so that it can neither format itself nor break the
 * formatting around it. Slack has no backslash escape for these; the text
 * stored and searched is left as typed. Apply before `escapeMrkdwn`.
 *
 * @see https://docs.slack.dev/messaging/formatting-message-text#basic-formatting
 * @example
 * neutralizeMrkdwn('*bold* _it_') // '∗bold∗ ＿it＿'
 */
export function neutralizeMrkdwn(text: string): string {
  return text.replace(/[*_~`]/g, (c) => LOOK_ALIKES[c] ?? c);
}

/**
 * A link to `url` labelled with `label` (already escaped), or just the label
 * when the URL is not a plain http(s) URL that can sit inside `<…|…>`.
 *
 * @see https://docs.slack.dev/messaging/formatting-message-text#linking-urls
 * @example
 * mrkdwnLink('https://example.org/a', 'Doc') // '<https://example.org/a|Doc>'
 */
export function mrkdwnLink(url: string, label: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url) || url.length > 500) return label;
  return `<${url.replace(/&/g, '&amp;')}|${label}>`;
}

/**
 * Turns Slack's encoding of typed text back into what the user typed:
 * `<@U123>` → `@U123`, `<#C1|general>` → `#general`, `<!here>` → `@here`,
 * `<https://x|x>` → `x`, and `&lt;` `&gt;` `&amp;` → `<` `>` `&`. The result is
 * for searching; it must be escaped again before it is shown.
 *
 * @see https://docs.slack.dev/messaging/formatting-message-text#retrieving-messages
 * @example
 * fromSlackText('<@U1> what is &lt;APEC&gt;?') // '@U1 what is <APEC>?'
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@') || target.startsWith('#'))
        return label === undefined ? target : `${target[0]}${label}`;
      if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^@/, '').split('^')[0] ?? ''}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Removes mentions of the bot (`<@UBOT>` or `<@UBOT|name>`) from a message.
 *
 * @example
 * withoutMention('<@UBOT> what is APEC?', 'UBOT') // 'what is APEC?'
 */
export function withoutMention(text: string, botUserId: string | undefined): string {
  if (botUserId === undefined) return text.trim();
  return text
    .split(`<@${botUserId}>`)
    .join(' ')
    .replace(new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, '')}\\|[^>]*>`, 'g'), ' ')
    .trim();
}

/**
 * Text from users and documents as one line of mrkdwn: escaped, each white
 * space or control character made a space, a lone surrogate made U+FFFD
 * (so that, as `fitMarkup` needs, it never gets shorter).
 * In a message's JSON such text costs at most twice its length (only `"` and
 * `\` are escaped there), which is what the renderers budget for.
 *
 * @example
 * escapeInline('a\n<b>') // 'a &lt;b&gt;'
 */
export function escapeInline(text: string): string {
  return escapeMrkdwn(
    text
      .replace(/[\s\p{Cc}]/gu, ' ')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

/** How Slack marks matched words, for the shared fitting code (`fitMarkup`). */
export const SLACK_MRKDWN: MarkupStyle = {
  escape: escapeInline,
  bold: (text) => (text.trim() === '' ? text : `*${text}*`),
};

import type { Bot, Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { Logger } from 'pino';
import type { Refusal, ServicePort } from '../../src/bot-service.js';
import type { Asker } from '../../src/gate.js';
import { forLog } from '../../src/logger.js';
import { answerMessage, citeMessage, helpMessage, notice, topicsMessage } from '../../src/message/build.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { decodeState } from './callback-data.js';
import { questionOf, renderTelegram } from './render.js';

/** The commands, as `setMyCommands` publishes them and the help lists them. */
export const TELEGRAM_COMMANDS = [
  { command: 'ask', usage: '/ask <question>', what: 'ask' },
  { command: 'cite', usage: '/cite <address>', what: 'cite' },
  { command: 'topics', usage: '/topics', what: 'topics' },
  { command: 'help', usage: '/help', what: 'help' },
] as const;

/** Inline results per query (Telegram takes at most 50). */
const INLINE_RESULTS = 10;

/**
 * Wires every update the bot handles to the service: commands, private
 * messages, mentions and replies in groups, buttons and inline queries.
 * Each action goes through the service's gate; each reply is a message of
 * the model, rendered by `renderTelegram`.
 *
 * @see https://grammy.dev/guide/commands
 * @see https://core.telegram.org/bots/api#callbackquery
 */
export function installHandlers(bot: Bot, service: ServicePort, logger: Logger, scrub: (text: string) => string): void {
  const asker = (ctx: Context): Asker => ({
    platform: 'telegram',
    userId: String(ctx.from?.id ?? 0),
    ...(ctx.chat === undefined ? {} : { channelId: String(ctx.chat.id) }),
  });
  const send = async (ctx: Context, message: Message): Promise<void> => {
    const { text, reply_markup } = renderTelegram(message, { share: ctx.me.supports_inline_queries });
    const inGroup = ctx.chat !== undefined && ctx.chat.type !== 'private';
    const replyTo = ctx.msg?.message_id;
    await ctx.reply(text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(reply_markup === undefined ? {} : { reply_markup }),
      ...(inGroup && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {}),
    });
  };
  const refusal = (r: Refusal): Message => notice(r.message, 'refusal');
  // Every handler: tracked for shutdown, and a failure becomes one short reply and one scrubbed log line.
  const guard =
    <C extends Context>(work: (ctx: C) => Promise<void>) =>
    (ctx: C): Promise<void> =>
      service.track(
        work(ctx).catch(async (error: unknown) => {
          logger.warn(
            { err: { message: scrub(String((error as Error)?.message ?? error)) } },
            'telegram update failed',
          );
          if (ctx.callbackQuery !== undefined) await ctx.answerCallbackQuery().catch(() => undefined);
          else if (ctx.inlineQuery === undefined)
            await send(ctx, notice(STRINGS.failed, 'error')).catch(() => undefined);
        }),
      );
  /** Runs an action other than asking once the gate lets it through. */
  const admitted = async (ctx: Context, action: () => Message): Promise<void> => {
    const refused = await service.admit(asker(ctx));
    await send(ctx, refused === undefined ? action() : refusal(refused));
  };
  const ask = async (ctx: Context, question: string): Promise<void> => {
    if (question.trim() === '') return admitted(ctx, () => notice(STRINGS.needQuestion));
    logger.debug({ question: forLog(question) }, 'telegram question');
    const reply = await service.ask({ asker: asker(ctx), question });
    await send(ctx, reply.kind === 'refused' ? refusal(reply) : answerMessage(reply.answer, reply.answerId));
  };
  const help = (ctx: Context): Message =>
    helpMessage([
      ...TELEGRAM_COMMANDS.map((c) => [c.usage, c.what] as const),
      [`@${ctx.me.username} <question>`, ctx.me.supports_inline_queries ? 'inline' : 'mention'],
      ['', 'private'],
    ]);

  bot.command(
    'ask',
    guard((ctx) => ask(ctx, ctx.match)),
  );
  bot.command(
    'cite',
    guard((ctx) =>
      admitted(ctx, () =>
        ctx.match.trim() === '' ? notice(STRINGS.needAddress) : citeMessage(service.cite(ctx.match.trim())),
      ),
    ),
  );
  bot.command(
    'topics',
    guard((ctx) => admitted(ctx, () => topicsMessage(service.topics()))),
  );
  bot.command(
    ['help', 'start'],
    guard((ctx) => admitted(ctx, () => help(ctx))),
  );

  bot.on(
    'message:text',
    guard(async (ctx) => {
      const { text, chat } = ctx.message;
      if (text.startsWith('/')) return chat.type === 'private' ? admitted(ctx, () => help(ctx)) : undefined;
      if (chat.type === 'private') return ask(ctx, text);
      const me = `@${ctx.me.username}`.toLowerCase();
      const mentions = (ctx.message.entities ?? []).filter(
        (e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === me,
      );
      const repliesToMe = ctx.message.reply_to_message?.from?.id === ctx.me.id;
      if (mentions.length === 0 && !repliesToMe) return;
      let question = text;
      for (const e of [...mentions].reverse())
        question = question.slice(0, e.offset) + question.slice(e.offset + e.length);
      return ask(ctx, question);
    }),
  );

  bot.on(
    'callback_query:data',
    guard(async (ctx) => {
      const state = decodeState(ctx.callbackQuery.data);
      // A further page is not a new question: it checks the allow-list without using up the rate limit.
      const refused = await service.admit(asker(ctx), { count: state?.kind !== 'page' });
      if (refused !== undefined)
        return void (await ctx.answerCallbackQuery({ text: refused.message, show_alert: true }));
      if (state === undefined) return void (await ctx.answerCallbackQuery({ text: STRINGS.staleButton }));
      if (state.kind === 'vote') {
        service.feedback(asker(ctx), state.answerId, state.vote, state.address);
        return void (await ctx.answerCallbackQuery({
          text: state.vote === 'up' ? STRINGS.thanksUp : STRINGS.thanksDown,
        }));
      }
      await ctx.answerCallbackQuery();
      const original = ctx.callbackQuery.message;
      const question = questionOf(original !== undefined && 'text' in original ? original.text : undefined);
      if (state.kind === 'full') return send(ctx, citeMessage(service.cite(state.address)));
      if (question === undefined) return send(ctx, notice(STRINGS.staleButton));
      const reply = await service.ask({ asker: asker(ctx), question, page: state.page });
      if (reply.kind === 'refused') return send(ctx, refusal(reply));
      if (state.kind === 'full-at') {
        const address = reply.answer.citations[state.index]?.address;
        return send(ctx, address === undefined ? notice(STRINGS.staleButton) : citeMessage(service.cite(address)));
      }
      const { text, reply_markup } = renderTelegram(answerMessage(reply.answer, state.answerId), {
        share: ctx.me.supports_inline_queries,
      });
      await ctx
        .editMessageText(text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(reply_markup === undefined ? {} : { reply_markup }),
        })
        .catch((error: unknown) => {
          if (!String((error as Error)?.message).includes('message is not modified')) throw error;
        });
    }),
  );

  bot.on(
    'inline_query',
    guard(async (ctx) => {
      const query = ctx.inlineQuery.query.slice(0, 256).trim();
      if (query.length < 3) return void (await ctx.answerInlineQuery([], { cache_time: 0 }));
      const reply = await service.ask({ asker: asker(ctx), question: query, perPage: INLINE_RESULTS });
      const message = reply.kind === 'refused' ? refusal(reply) : answerMessage(reply.answer, reply.answerId);
      if (message.kind !== 'answer' && message.kind !== 'not_sure') {
        const why =
          message.kind === 'notice' ? message.text : message.kind === 'not_covered' ? (message.note ?? '') : '';
        return void (await ctx.answerInlineQuery([], {
          cache_time: 0,
          is_personal: true,
          button: {
            text: why.length > 64 ? `${why.slice(0, 63)}…` : why || STRINGS.notCovered,
            start_parameter: 'help',
          },
        }));
      }
      const results: InlineQueryResultArticle[] = message.passages.slice(0, 50).map((p, i) => ({
        type: 'article',
        id: `${reply.kind === 'answer' ? reply.answerId : 'r'}-${i}`,
        title: p.address.slice(0, 100),
        description: p.segments
          .map((s) => s.text)
          .join('')
          .slice(0, 120),
        input_message_content: {
          message_text: renderTelegram({
            kind: 'passage',
            passage: p,
            footer: STRINGS.knowledge(reply.kind === 'answer' ? reply.answer.version : ''),
          }).text,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      }));
      await ctx.answerInlineQuery(results, { cache_time: 60, is_personal: true });
    }),
  );
}

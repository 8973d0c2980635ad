import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scrubLogText } from '../../../adapters/slack/scrub-log.js';
import { decodePageValue, decodeVoteValue, encodePageValue } from '../../../adapters/slack/buttons.js';
import { MemoryDedupe } from '../../../src/store/memory-dedupe.js';
import { escapeMrkdwn, fromSlackText, mrkdwnLink, withoutMention } from '../../../adapters/slack/mrkdwn.js';
import { parseRequest } from '../../../adapters/slack/request.js';
import { verifySlackSignature } from '../../../adapters/slack/verify-request.js';

describe('mrkdwn', () => {
  it('escapes &, < and > (and only those)', () => {
    expect(escapeMrkdwn('<!channel> R&D > *x*')).toBe('&lt;!channel&gt; R&amp;D &gt; *x*');
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('links only plain http(s) URLs', () => {
    expect(mrkdwnLink('https://a.org/x?y=1&z=2', 'A')).toBe('<https://a.org/x?y=1&amp;z=2|A>');
    expect(mrkdwnLink('ftp://a.org', 'A')).toBe('A');
    expect(mrkdwnLink('https://a.org/|<!here>', 'A')).toBe('A');
  });

  it("decodes Slack's encoding of typed text", () => {
    expect(
      fromSlackText('<@U1> <@U2|bob> <#C1|general> <!here> <!subteam^S1|@team> <https://x.io|x.io> &lt;b&gt; &amp;'),
    ).toBe('@U1 @bob #general @here @team x.io <b> &');
  });

  it('removes mentions of the bot only', () => {
    expect(withoutMention('<@UBOT> what is <@U2>?', 'UBOT')).toBe('what is <@U2>?');
    expect(withoutMention('hi <@UBOT|qa> there', 'UBOT')).toBe('hi   there');
  });
});

describe('parseRequest', () => {
  it('reads help, topics, cite and questions', () => {
    expect(parseRequest('')).toEqual({ kind: 'help' });
    expect(parseRequest(' Help ')).toEqual({ kind: 'help' });
    expect(parseRequest('topics')).toEqual({ kind: 'topics' });
    expect(parseRequest('cite russia-china-relations §1.2')).toEqual({
      kind: 'cite',
      address: 'russia-china-relations §1.2',
    });
    expect(parseRequest('Cite: §2')).toEqual({ kind: 'cite', address: '§2' });
    expect(parseRequest('citation needed?')).toEqual({ kind: 'ask', question: 'citation needed?' });
    expect(parseRequest('What are the topics of the treaty?')).toEqual({
      kind: 'ask',
      question: 'What are the topics of the treaty?',
    });
  });
});

describe('button values', () => {
  it('round-trip, and refuse what is not ours', () => {
    const value = encodePageValue({ q: 'What is <APEC>?', p: 2, id: 'abc' });
    expect(decodePageValue(value)).toEqual({ q: 'What is <APEC>?', p: 2, id: 'abc' });
    expect(encodePageValue({ q: 'x'.repeat(2100), p: 1, id: 'a' })).toBeUndefined();
    expect(decodePageValue('{"q":"x","p":0,"id":"a"}')).toBeUndefined();
    expect(decodePageValue('not json')).toBeUndefined();
    expect(decodePageValue(undefined)).toBeUndefined();
    expect(decodeVoteValue('{"id":"a","v":"sideways"}')).toBeUndefined();
    expect(decodeVoteValue('{"id":"a","v":"up"}')).toEqual({ id: 'a', v: 'up' });
  });
});

describe('MemoryDedupe (Slack event ids)', () => {
  it('answers each event id once within the TTL, with an injected clock', () => {
    let now = 0;
    const dedupe = new MemoryDedupe({ ttlMs: 1000, now: () => now });
    expect(dedupe.firstTime('Ev1')).toBe(true);
    expect(dedupe.firstTime('Ev1')).toBe(false);
    expect(dedupe.firstTime('Ev2')).toBe(true);
    now = 999;
    expect(dedupe.firstTime('Ev1')).toBe(false);
    now = 1001;
    expect(dedupe.firstTime('Ev1')).toBe(true);
    expect(dedupe.size).toBe(1); // Ev2 expired
  });

  it('forgets the oldest ids past its size', () => {
    const dedupe = new MemoryDedupe({ maxEntries: 2, now: () => 0 });
    for (const id of ['a', 'b', 'c']) dedupe.firstTime(id);
    expect(dedupe.size).toBe(2);
    expect(dedupe.firstTime('a')).toBe(true);
    expect(dedupe.firstTime('c')).toBe(false);
  });
});

describe('verifySlackSignature', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const ts = 1531420618;
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
  const verify = (sig: string | undefined, at: number, nowSec: number, text = body) =>
    verifySlackSignature({
      signingSecret: secret,
      headers: {
        ...(sig === undefined ? {} : { 'x-slack-signature': sig }),
        'x-slack-request-timestamp': String(at),
      },
      rawBody: Buffer.from(text),
      nowMs: nowSec * 1000,
    });

  it("accepts Slack's documented test vector", () => {
    expect(verify(signature, ts, ts)).toEqual({ ok: true });
  });

  it('refuses a wrong, missing or truncated signature, or a changed body', () => {
    expect(verify(signature.replace(/.$/, '0'), ts, ts)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify(signature.slice(0, 20), ts, ts)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify(undefined, ts, ts)).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify(signature, ts, ts, `${body}&x=1`)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses timestamps more than 5 minutes away, in both directions', () => {
    const sign = (at: number) => `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
    expect(verify(sign(ts + 300), ts + 300, ts)).toEqual({ ok: true });
    expect(verify(sign(ts - 300), ts - 300, ts)).toEqual({ ok: true });
    expect(verify(sign(ts + 301), ts + 301, ts)).toEqual({ ok: false, reason: 'stale' });
    expect(verify(sign(ts - 301), ts - 301, ts)).toEqual({ ok: false, reason: 'stale' });
    expect(verify(signature, ts, ts + 3600)).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('scrubLogText', () => {
  it('blanks tokens, response_urls and tickets, and flattens lines', () => {
    const line = scrubLogText(
      'a xoxb-1-2-abc b xapp-1-A-2 {"response_url":"https://hooks.slack.com/commands/T1/2/3","token":"t0k"}\n' +
        '{\\"response_url\\":\\"http://127.0.0.1:9/response/x\\"} response_url=https%3A%2F%2Fh ws://h/?ticket=abc&x=1',
    );
    expect(line).not.toMatch(/xoxb-1|xapp-1|hooks\.slack\.com|t0k|\/response\/x|%3A%2F|ticket=abc|\n/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.js';
import { answerMessage, citeMessage, helpMessage, topicsMessage } from '../../src/message/build.js';
import { STRINGS } from '../../src/message/strings.js';
import { essayAnswerer } from '../helpers/essay.js';

describe('the message model', () => {
  it('makes an answer with its passages and every action', async () => {
    const a = (await essayAnswerer()).ask('What is the partnership?');
    const m = answerMessage(a, 'ID');
    expect(m.kind).toBe('answer');
    if (m.kind !== 'answer') return;
    expect(m.lead).toBe(a.sentence);
    expect(m.passages.map((p) => p.address)).toEqual(a.citations.map((c) => c.address));
    expect(m.passages[0]?.segments.map((s) => s.text).join('')).toBe(a.citations[0]?.text);
    expect(m.footer).toContain(STRINGS.page(1, a.pages));
    expect(m.actions.map((x) => x.kind)).toEqual([
      'page',
      'page',
      'feedback',
      'feedback',
      ...a.citations.map(() => 'full'),
      'share',
    ]);
    expect(m.actions[0]).toMatchObject({ kind: 'page', page: 0, disabled: true });
  });

  it('words "not covered" once, with the closest mentions', async () => {
    const a = (await essayAnswerer()).ask('How do I bake sourdough bread?');
    const m = answerMessage(a, 'ID');
    expect(m).toMatchObject({ kind: 'not_covered', note: STRINGS.notCovered, actions: [] });
  });

  it('words "not sure" as possibly related passages', async () => {
    const answered = (await essayAnswerer()).ask('What is the partnership?');
    const notSure = { ...answered, outcome: 'not_sure' } as unknown as Answer;
    const m = answerMessage(notSure, 'ID');
    expect(m).toMatchObject({ kind: 'not_sure', note: STRINGS.notSure, lead: null });
    if (m.kind === 'not_sure') expect(m.actions.some((x) => x.kind === 'page' || x.kind === 'share')).toBe(false);
  });

  it('turns an invalid question into a notice with the core reason', async () => {
    const m = answerMessage((await essayAnswerer()).ask('   '), 'ID');
    expect(m).toMatchObject({ kind: 'notice', tone: 'info' });
  });

  it('cites, lists topics and helps', async () => {
    const answerer = await essayAnswerer();
    expect(citeMessage(answerer.cite('§1.1')).kind).toBe('passage');
    expect(citeMessage(answerer.cite('§99.99'))).toMatchObject({ kind: 'notice' });
    const t = topicsMessage(answerer.topics());
    expect(t.documents[0]?.sections.length).toBeGreaterThan(0);
    expect(helpMessage([['/ask <q>', 'ask']]).lines).toEqual([`/ask <q>: ${STRINGS.help.ask}`]);
  });
});

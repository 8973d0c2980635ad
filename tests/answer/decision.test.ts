import { describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../src/answer/knowledge-answerer.js';
import {
  CUTOFFS,
  decide,
  decisionFeatures,
  focusWord,
  questionNames,
  readQuestion,
} from '../../src/answer/decision.js';
import { answerKind, holdsAnswer } from '../../src/text/answer-kind.js';
import { buildKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { essayAnswerer } from '../helpers/essay.js';

describe('what a question asks for', () => {
  it('a date: "when", "in what year"; the first question word decides', () => {
    expect(answerKind('When did the ferry start running?')).toBe('date');
    expect(answerKind('In which year was the bridge built?')).toBe('date');
    expect(answerKind('when was the club founded and who is in it')).toBe('date');
    expect(answerKind('who founded the club and when')).toBe('name');
  });

  it('a quantity: "how many", "how much", and "how" with an adjective of measurement and "is"', () => {
    expect(answerKind('How many bridges cross the river?')).toBe('quantity');
    expect(answerKind('how much coal does the ferry carry')).toBe('quantity');
    // "How much" and an auxiliary read as a degree ("how much does it matter"), unless a verb of measure ends it.
    expect(answerKind('how much does the ferry cost')).toBe('quantity');
    expect(answerKind('How long did the crossing last?')).toBe('quantity');
    expect(answerKind('how long does the crossing take')).toBe('quantity');
    expect(answerKind('How long is the Volga?')).toBe('quantity');
    expect(answerKind('how tall are the towers')).toBe('quantity');
    // A duration or a degree that prose can answer: no quantity expected.
    expect(answerKind('How long has the ferry been running?')).toBeUndefined();
    expect(answerKind('How close are the two towns?')).toBeUndefined();
    expect(answerKind('how much does the town rely on the ferry')).toBeUndefined();
    expect(answerKind('How much is a ticket?')).toBe('quantity');
    expect(answerKind('Why is the bridge closed?')).toBeUndefined();
  });

  it('none for a yes/no question, or a "when" that opens a clause rather than asking', () => {
    expect(answerKind('Will the towns still cooperate when the ferry stops?')).toBeUndefined();
    expect(answerKind('Do the towns agree when it comes to the bridge?')).toBeUndefined();
    expect(answerKind('Does the ferry run when the river freezes?')).toBeUndefined();
    expect(answerKind('so when did the ferry start')).toBe('date');
    expect(answerKind("when's the next ferry")).toBe('date');
  });

  it('a passage holds a date, or a quantity that is not a year', () => {
    expect(holdsAnswer('The bridge opened in 2019.', 'date')).toBe(true);
    expect(holdsAnswer('The festival is held in June.', 'date')).toBe(true);
    expect(holdsAnswer('Built in the 19th century.', 'date')).toBe(true);
    expect(holdsAnswer('Trade boomed in the 1990s.', 'date')).toBe(true);
    expect(holdsAnswer('The bridge opened after the war.', 'date')).toBe(false);
    // "may" and "march" as verbs are not months.
    expect(holdsAnswer('The ferry may march on.', 'date')).toBe(false);
    expect(holdsAnswer('One side may gain.', 'quantity')).toBe(false);
    expect(holdsAnswer('The bridge opened in 2019.', 'quantity')).toBe(false);
    expect(holdsAnswer('It carries 38 billion cubic metres.', 'quantity')).toBe(true);
    expect(holdsAnswer('Two bridges cross it.', 'quantity')).toBe(true);
    expect(holdsAnswer('Trade grew by 30%.', 'quantity')).toBe(true);
    // A year-like number with a unit is a quantity; after "in" or "since", or as a decade, a date.
    expect(holdsAnswer('The canal is 1500 km long.', 'quantity')).toBe(true);
    expect(holdsAnswer('Some 2000 troops took part.', 'quantity')).toBe(true);
    expect(holdsAnswer('Trade boomed in the 1990s.', 'quantity')).toBe(false);
    expect(holdsAnswer('It has grown since 1991.', 'quantity')).toBe(false);
    expect(holdsAnswer('Fifteen countries have joined.', 'quantity')).toBe(true);
    expect(holdsAnswer('A castle in the 12th-century style.', 'date')).toBe(true);
    expect(holdsAnswer('Built in the twentieth century.', 'date')).toBe(true);
  });
});

describe('the focus of a "what is" question', () => {
  it('is the last word of the noun phrase after "what is", when it is determined or ends the question', () => {
    expect(focusWord('What is quantum entanglement?')).toBe('entanglement');
    expect(focusWord("what's the weather in Kazan")).toBe('weather');
    expect(focusWord('What is the population of Tatarstan?')).toBe('population');
    expect(focusWord("What was the town's budget in 2020?")).toBe('budget');
    expect(focusWord('whats the river ferry timetable')).toBe('timetable');
  });

  it('is not read where the phrase is neither determined nor at the end', () => {
    expect(focusWord('What is special about the ferry?')).toBeUndefined();
    expect(focusWord('what is Kazan better at')).toBeUndefined();
    expect(focusWord('Who won the regatta?')).toBeUndefined();
    expect(focusWord('What does the ferry carry?')).toBeUndefined();
  });

  it('is not read where the head is a relational noun, which prose answers without naming it', () => {
    expect(focusWord('What is the role of the ferry in trade?')).toBeUndefined();
    expect(focusWord("What is the ferry's impact on the towns?")).toBeUndefined();
    expect(focusWord('What was the outcome of the vote?')).toBeUndefined();
  });
});

describe('the names a question writes', () => {
  it('are runs of two or more capitalised words, not counting the first word', () => {
    expect(questionNames('Who won the Crimean War?')).toEqual([['Crimean', 'War']]);
    expect(questionNames('Is the IMF or the World Bank next?')).toEqual([['World', 'Bank']]);
    expect(questionNames('what did the US-China trade war do')).toEqual([['US', 'China']]);
    expect(questionNames('Did Kazan win?')).toEqual([]);
    expect(questionNames('Kazan Kremlin tickets')).toEqual([]);
  });

  it('are not read from a question typed in capitals or with most words capitalised', () => {
    expect(questionNames('WHO WON THE CRIMEAN WAR?')).toEqual([]);
    expect(questionNames('How Did The Bridge Change The River Towns?')).toEqual([]);
  });
});

describe('the decision', () => {
  const doc = [
    '## River',
    'The opening of the bridge over the Volga in 2019 brought more trade to the river towns.',
    'The ferry crosses the river at dawn every morning, carrying traders to the market.',
    'Quantum computing research is funded by the river towns together.',
    'The Volga towns share a museum of boats, a library and an old fortress.',
    'The Crimean peninsula exports wine and grain.',
  ].join('\n\n');
  const index = KnowledgeIndex.build(buildKnowledge([{ file: 'f.md', bytes: Buffer.from(doc) }]));
  const answerer = new KnowledgeAnswerer(index);

  it('answers a question whose top passage holds what it asks for', () => {
    expect(answerer.ask('When did the bridge over the Volga open?').outcome).toBe('answered');
    expect(answerer.ask('What is quantum computing research?').outcome).toBe('answered');
  });

  it('is at most "not sure" when the top passage lacks the date or quantity asked for', () => {
    const answer = answerer.ask('How long is the Volga?');
    expect(answer.outcome).toBe('not_sure');
    // "Not sure" shows the passages, so it never hides the one that names the river.
    expect(answer.citations[0]?.text).toMatch(/Volga/);
    const off = new KnowledgeAnswerer(index, { ...CUTOFFS, expected: false });
    expect(off.ask('How long is the Volga?').outcome).toBe('answered');
  });

  it('is at most "not sure" when the focus word is one the documents never use', () => {
    expect(answerer.ask('What is quantum entanglement?').outcome).not.toBe('answered');
    const off = new KnowledgeAnswerer(index, { ...CUTOFFS, focus: 2 });
    expect(off.ask('What is quantum entanglement?').outcome).toBe('answered');
  });

  it('is at most "not sure" when the top passage matches part of a name only', () => {
    // The passage says "Crimean peninsula": it is not about the Crimean War.
    expect(answerer.ask('Who won the Crimean War?').outcome).not.toBe('answered');
    const off = new KnowledgeAnswerer(index, { ...CUTOFFS, names: false });
    expect(off.ask('Who won the Crimean War?').outcome).toBe('answered');
  });

  it('reads its features from the question, its terms and the passages found', () => {
    const query = index.analyze('What is quantum entanglement?');
    const f = decisionFeatures(readQuestion('What is quantum entanglement?'), query, index.search(query, 3));
    expect(f.focusMissing).toBeGreaterThan(0.2);
    expect(f.expectedMissing).toBe(false);
    expect(f.unknown).toBeCloseTo(f.focusMissing);
    expect(decide(f, CUTOFFS)).toBeLessThanOrEqual(CUTOFFS.notSure);
    expect(decide({ ...f, focusMissing: 0 }, CUTOFFS)).toBe(f.coverage);
  });
});

describe('the checks leave answerable questions about the essay answered', () => {
  it.each([
    'Will Russia and China still cooperate when the US threat is scaled back?',
    'Do Russia and China agree when it comes to an alliance?',
    'What is the role of China in world trade?',
    'What was the outcome of the increased pressure on Russia and China?',
    'WHO WARNED OF A GRAND COALITION OF CHINA AND RUSSIA?',
    'Why Does The West Dominate World Discourse?',
  ])('%s', async (question) => {
    const answer = (await essayAnswerer()).ask(question);
    expect(answer.outcome).toBe('answered');
  });
});

import type { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { ConfigError, parseConfig } from './config.js';
import { BotError } from '../src/errors.js';
import { openKnowledge } from '../src/open-knowledge.js';

/**
 * For the command-line tools: reads KNOWLEDGE_DIR from the environment,
 * loads the knowledge, and reports problems on standard error in one line
 * each. Returns undefined (after printing why) when nothing can be answered.
 */
export async function loadAnswerer(env: NodeJS.ProcessEnv = process.env): Promise<KnowledgeAnswerer | undefined> {
  try {
    const config = parseConfig(env);
    const { answerer, problems } = await openKnowledge(config.KNOWLEDGE_DIR);
    for (const p of problems) process.stderr.write(`knowledge: skipped ${p.message}\n`);
    return answerer;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BotError) {
      process.stderr.write(`${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

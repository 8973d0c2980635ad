/** Stable error codes the core raises. Adapters map them to short user messages. */
export type BotErrorCode =
  | 'KNOWLEDGE_EMPTY'
  | 'KNOWLEDGE_FILE'
  | 'KNOWLEDGE_DIR'
  | 'KNOWLEDGE_FILE_SLOW'
  | 'KNOWLEDGE_RELOAD_TIMEOUT'
  | 'KNOWLEDGE_RELOAD_CRASHED'
  | 'CONFIG'
  | 'SNAPSHOT'
  | 'DATA_DIR';

/**
 * An error with a stable `code`, a one-line operator message and the original `cause`.
 *
 * @example
 * throw new BotError('KNOWLEDGE_EMPTY', 'knowledge: no usable document in ./knowledge');
 */
export class BotError extends Error {
  readonly code: BotErrorCode;

  constructor(code: BotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.code = code;
  }
}

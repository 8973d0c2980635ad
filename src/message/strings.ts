/**
 * Every sentence the bot says, on every platform. Renderers translate the
 * message model into markup; they never write a sentence of their own.
 * A renderer may shorten these to fit a limit, never reword them.
 */
export const STRINGS = {
  notCovered: "The documents don't cover that.",
  notSure: "I'm not sure the documents answer that. These passages may be related:",
  closestMentions: 'Closest mentions:',
  didYouMean: (suggestion: string) => `Did you mean: ${suggestion}?`,
  page: (page: number, pages: number) => `page ${page} of ${pages}`,
  knowledge: (version: string) => `knowledge ${version}`,
  topicsTitle: 'Documents and sections',
  passages: (n: number) => `${n} passage${n === 1 ? '' : 's'}`,
  moreSections: (n: number) => `…and ${n} more`,
  citeHint: 'Show a passage with its address, e.g. §1.2.',
  /** Before a question someone shared in a channel: who asked it (a platform mention of them). */
  askedBy: (who: string) => `${who} asked:`,
  tryAddresses: (addresses: readonly string[]) => `Try: ${addresses.join(', ')}`,
  failed: 'Sorry, something went wrong on my side. Please try again in a moment.',
  staleButton: 'That button no longer works. Please ask again.',
  notInServer: "Sorry, I'm not set up to answer in this server.",
  notInChannel: "Sorry, I'm not set up to answer in this channel. Please ask me where I'm enabled.",
  rateLimited: (seconds: number) => `You're asking faster than I can keep up with. Please try again in ${seconds} s.`,
  restarting: 'The bot is restarting; please ask again in a moment.',
  unknownCommand: "I don't know that command. Try /ask, /cite or /topics.",
  cannotPost:
    "I can't post in this server's channels: I'm installed to your account, not to this server. Only you can see my answers here.",
  thanksUp: 'Thanks! Your 👍 was recorded.',
  thanksDown: 'Thanks! Your 👎 was recorded; it helps us improve the documents.',
  needQuestion: 'Please type a question after the command, for example: /ask What is the partnership based on?',
  needAddress: 'Please give an address after the command, for example: /cite §1.2',
  /** The terminal's `/more` before any question, and past the last page. */
  askFirst: 'Ask a question first.',
  noMorePages: 'No more passages for that question.',
  helpTitle: 'I answer questions from the documents, quoting and citing the passages.',
  help: {
    ask: 'ask a question',
    cite: 'show one passage by its address',
    topics: 'list the documents and their sections',
    help: 'show this help',
    mention: 'mention me with a question in a group, or reply to one of my messages',
    private: 'in a private chat, just type the question',
    inline: 'in a group, or in any chat to share a passage',
    thread: 'mention me with a question in a channel: I answer in a thread',
    type: 'type a question in plain words',
    more: 'show the next passages of the last answer',
    quit: 'leave',
  },
  /** What a platform's command picker says of each command and option (Discord: 1–100 characters each). */
  command: {
    ask: 'Ask a question; the answer quotes the documents that support it.',
    question: 'Your question, in plain words.',
    public: 'Post the answer to the channel at once (default: only you see it).',
    cite: 'Show one whole passage by its address, as answers cite it.',
    address: 'The passage address; start typing to search.',
    topics: 'List the documents and sections the bot answers from, with their addresses.',
  },
  button: {
    previous: '◀',
    next: '▶',
    up: '👍',
    down: '👎',
    full: (where: string) => `Full passage ${where}`,
    share: 'Share',
  },
} as const;

import type { Message } from '@parley/contracts';

/** Which side of a premium bot the visitor talks to; non-premium bots always use `assistant`. */
export type Tab = 'assistant' | 'human';

export type Author = Message['author'];

/** Mirrors `MAX_MESSAGE_LENGTH` in @parley/contracts (a runtime import would pull in zod). */
export const MAX_MESSAGE_LENGTH = 4000;

/** A message's length as the server counts it: in characters (code points), so an emoji is one. */
export const messageLength = (text: string): number => [...text].length;

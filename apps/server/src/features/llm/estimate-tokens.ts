/**
 * A rough token count for text when the endpoint reports no usage: about four characters per token for
 * English, fewer for Vietnamese and other scripts, so we round up and never return less than 1 for text.
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  return Math.max(1, Math.ceil(text.length / 3.5));
}

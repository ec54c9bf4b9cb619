import { z } from 'zod';

const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative().optional(),
  completion_tokens: z.number().int().nonnegative().optional(),
  total_tokens: z.number().int().nonnegative().optional(),
});

/** One `data:` event of a streamed chat completion (only the fields we read; others pass). */
export const ChatCompletionChunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: Usage.nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;

/** An error an endpoint reports inside a 200 stream (OpenAI and several compatible servers do). */
export const StreamedError = z.object({ error: z.unknown() });

/** A whole (non-streamed) chat completion, for endpoints that ignore `stream: true`. */
export const ChatCompletion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
  usage: Usage.nullish(),
});

export type Usage = z.infer<typeof Usage>;

/** Total tokens of a usage report, or undefined when it carries none. */
export function usageTokens(usage: Usage | null | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.total_tokens !== undefined) return usage.total_tokens;
  if (usage.prompt_tokens === undefined && usage.completion_tokens === undefined) return undefined;
  return (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
}

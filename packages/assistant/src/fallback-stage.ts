import { handoffPayload } from './detect-handoff.js';
import type { PipelineMessages, QuickReply } from './pipeline-types.js';

/** The last stage: the bot does not know, and offers a person (the quick reply sends the handoff payload). */
export function fallbackStage(messages: PipelineMessages): { readonly text: string; readonly quickReplies: readonly QuickReply[] } {
  return { text: messages.fallback, quickReplies: [{ label: messages.talkToPerson, payload: handoffPayload }] };
}

import type { ChatMessage } from '@parley/assistant';
import type { Stores } from '../data-store.js';

/** The last `turns` public messages before `beforeSeq`, oldest first, as chat turns for the LLM. */
export function conversationHistory(stores: Pick<Stores, 'conversations'>) {
  return async (orgId: string, conversationId: string, beforeSeq: number, turns: number): Promise<ChatMessage[]> => {
    if (turns <= 0 || beforeSeq <= 1) return [];
    // System notes take seqs too; read a little more than needed.
    const from = Math.max(0, beforeSeq - 1 - turns * 2);
    const rows = await stores.conversations.messagesAfter(orgId, conversationId, from, false, turns * 2);
    return rows
      .filter((m) => m.seq < beforeSeq && !m.internal && m.author !== 'system' && m.body.trim() !== '')
      .slice(-turns)
      .map((m): ChatMessage => ({ role: m.author === 'visitor' ? 'user' : 'assistant', content: m.body }));
  };
}

import { and, asc, count, desc, eq, gt, inArray } from 'drizzle-orm';
import type { ConversationStatus, MessageAuthor } from '@parley/contracts';
import { conversations, messages, users, visitors, type Database } from '@parley/db';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect & { authorName: string | null };
export type ConversationPatch = Partial<
  Pick<ConversationRow, 'status' | 'humanMode' | 'assigneeId' | 'visitorReadSeq' | 'agentReadSeq' | 'lastAutoReplyAt'>
>;

export interface NewMessage {
  clientId: string | null;
  author: MessageAuthor;
  authorUserId?: string | null;
  body: string;
  internal?: boolean;
  answeredBy?: string | null;
  latencyMs?: number | null;
}

const messageColumns = { message: messages, authorName: users.name };

/** Conversations and their messages; every query names the organization. */
export function createConversationStore(db: Database) {
  /** Messages with their author's display name; callers add the where clause. */
  const selectMessages = () => db.select(messageColumns).from(messages).leftJoin(users, eq(users.id, messages.authorUserId));
  const withAuthor = (rows: Array<{ message: typeof messages.$inferSelect; authorName: string | null }>): MessageRow[] =>
    rows.map((r) => ({ ...r.message, authorName: r.authorName }));

  return {
    async create(input: { orgId: string; botId: string; visitorId: string; humanMode: boolean }): Promise<ConversationRow> {
      const [row] = await db.insert(conversations).values(input).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    /** The last message of each conversation (by its last_seq). */
    async lastMessages(orgId: string, list: Array<{ id: string; lastSeq: number }>): Promise<Map<string, MessageRow>> {
      const wanted = list.filter((c) => c.lastSeq > 0);
      if (wanted.length === 0) return new Map();
      const rows = await selectMessages()
        .where(
          and(
            eq(messages.orgId, orgId),
            inArray(messages.conversationId, wanted.map((c) => c.id)),
            inArray(messages.seq, [...new Set(wanted.map((c) => c.lastSeq))]),
          ),
        );
      const bySeq = new Map(wanted.map((c) => [c.id, c.lastSeq]));
      return new Map(withAuthor(rows).filter((m) => bySeq.get(m.conversationId) === m.seq).map((m) => [m.conversationId, m]));
    },
    async find(orgId: string, id: string): Promise<ConversationRow | undefined> {
      const [row] = await db.select().from(conversations).where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)));
      return row;
    },
    /**
     * Locks the conversation until the transaction ends, so sends to one conversation
     * queue here. Lock order is always visitor row, then conversation row (a visitor's
     * first message locks the visitor to create the conversation); any other order can
     * deadlock against it.
     */
    async lock(orgId: string, id: string, known: { visitorId?: string; visitorLocked?: boolean } = {}): Promise<ConversationRow | undefined> {
      if (!known.visitorLocked) {
        const visitorId =
          known.visitorId ??
          (await db.select({ visitorId: conversations.visitorId }).from(conversations).where(and(eq(conversations.orgId, orgId), eq(conversations.id, id))))[0]
            ?.visitorId;
        if (!visitorId) return undefined;
        await db.select({ id: visitors.id }).from(visitors).where(eq(visitors.id, visitorId)).for('update');
      }
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)))
        .for('update');
      return row;
    },
    /** The visitor's current conversation: the latest one, resolved or not. */
    async latestForVisitor(orgId: string, visitorId: string): Promise<ConversationRow | undefined> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), eq(conversations.visitorId, visitorId)))
        .orderBy(desc(conversations.createdAt))
        .limit(1);
      return row;
    },
    async list(orgId: string, statuses: ConversationStatus[], limit: number): Promise<ConversationRow[]> {
      return db
        .select()
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), inArray(conversations.status, statuses)))
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.createdAt))
        .limit(limit);
    },
    /** Bot and agent messages the visitor has not read yet, in their latest conversation. */
    async unreadForVisitor(orgId: string, visitorId: string): Promise<number> {
      const [conversation] = await db
        .select({ id: conversations.id, readSeq: conversations.visitorReadSeq })
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), eq(conversations.visitorId, visitorId)))
        .orderBy(desc(conversations.createdAt))
        .limit(1);
      if (!conversation) return 0;
      const [row] = await db
        .select({ n: count() })
        .from(messages)
        .where(
          and(
            eq(messages.orgId, orgId),
            eq(messages.conversationId, conversation.id),
            gt(messages.seq, conversation.readSeq),
            eq(messages.internal, false),
            inArray(messages.author, ['bot', 'agent']),
          ),
        );
      return row?.n ?? 0;
    },
    async update(orgId: string, id: string, patch: ConversationPatch, at: Date): Promise<ConversationRow | undefined> {
      const [row] = await db
        .update(conversations)
        .set({ ...patch, updatedAt: at })
        .where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)))
        .returning();
      return row;
    },
    async findByClientId(orgId: string, conversationId: string, clientId: string): Promise<MessageRow | undefined> {
      const rows = await selectMessages()
        .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, conversationId), eq(messages.clientId, clientId)));
      return withAuthor(rows)[0];
    },
    /**
     * Appends a message with the next seq. Call inside a transaction after `lock`, so
     * seqs are gap-free and increasing per conversation. Returns null (and uses no seq)
     * when the client id is already stored: the message is a resend.
     */
    async append(conversation: ConversationRow, input: NewMessage, at: Date): Promise<MessageRow | null> {
      const seq = conversation.lastSeq + 1;
      const [row] = await db
        .insert(messages)
        .values({ ...input, orgId: conversation.orgId, conversationId: conversation.id, seq, createdAt: at })
        .onConflictDoNothing({ target: [messages.conversationId, messages.clientId] })
        .returning();
      if (!row) return null;
      await db
        .update(conversations)
        .set({ lastSeq: seq, lastMessageAt: at, updatedAt: at })
        .where(and(eq(conversations.orgId, conversation.orgId), eq(conversations.id, conversation.id)));
      const authorName = input.authorUserId
        ? ((await db.select({ name: users.name }).from(users).where(eq(users.id, input.authorUserId)))[0]?.name ?? null)
        : null;
      return { ...row, authorName };
    },
    async messagesAfter(orgId: string, conversationId: string, afterSeq: number, includeInternal: boolean, limit: number): Promise<MessageRow[]> {
      const rows = await selectMessages()
        .where(
          and(
            eq(messages.orgId, orgId),
            eq(messages.conversationId, conversationId),
            gt(messages.seq, afterSeq),
            includeInternal ? undefined : eq(messages.internal, false),
          ),
        )
        .orderBy(asc(messages.seq))
        .limit(limit);
      return withAuthor(rows);
    },
  };
}
export type ConversationStore = ReturnType<typeof createConversationStore>;

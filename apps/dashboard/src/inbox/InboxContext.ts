import { createContext } from 'react';
import type { ConversationStatus, Member } from '@parley/contracts';
import type { ConnectionStatus } from './connectAgentSocket';
import type { InboxState } from './inboxReducer';

/** The inbox loads two lists, each paged on its own: open and pending together, and resolved. */
export type ListGroup = 'active' | 'resolved';
export const listGroupStatuses: Record<ListGroup, ConversationStatus[]> = { active: ['open', 'pending'], resolved: ['resolved'] };
export const listGroupOf = (status: ConversationStatus): ListGroup => (status === 'resolved' ? 'resolved' : 'active');
/** Where a list's next page starts: its last row's activity time (last message, else creation) and id. */
export interface ListCursor {
  at: string;
  id: string;
}

export interface InboxValue {
  state: InboxState;
  connection: ConnectionStatus;
  /** Increases on every socket (re)connection: views fetch what they may have missed when it changes. */
  epoch: number;
  /** Members who can be assigned conversations (agents, admins and owners). */
  assignees: Member[];
  /** Every member, to name assignees. */
  members: Member[];
  myUserId: string;
  /** Agents, admins and owners reply, assign and resolve; viewers only read. */
  canAct: boolean;
  reloadList: () => void;
  /** Whether the server has older conversations with this status than those loaded. */
  hasMore: (status: ConversationStatus) => boolean;
  /** Loads the next page of the list this status belongs to. */
  loadMore: (status: ConversationStatus) => Promise<void>;
  /** Loads the conversation and the messages after the last one held (all of them the first time). */
  loadHistory: (conversationId: string) => Promise<void>;
  refreshVisitor: (visitorId: string) => Promise<void>;
  /** Sends over the socket (REST when it is down); the message shows as pending until confirmed. */
  send: (conversationId: string, body: string, internal: boolean) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  setTyping: (conversationId: string, typing: boolean) => void;
  markRead: (conversationId: string, seq: number) => void;
  assign: (conversationId: string, assigneeId: string | null) => Promise<void>;
  setStatus: (conversationId: string, status: 'open' | 'resolved') => Promise<void>;
  /** Take over from the bot (true) or hand the conversation back to it (false). */
  setHumanMode: (conversationId: string, human: boolean) => Promise<void>;
}

export const InboxContext = createContext<InboxValue | null>(null);

import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { roleAtLeast } from '@parley/contracts';
import type { ConversationStatus, ConversationSummary, Member, Message, Role } from '@parley/contracts';
import { ApiError, toApiError } from '../api/ApiError';
import { CONVERSATION_PAGE, MESSAGE_PAGE } from '../api/createApi';
import type { Api, ReplyBody } from '../api/createApi';
import { SendAck } from './agentEvents';
import type { AgentEvent } from './agentEvents';
import { connectAgentSocket } from './connectAgentSocket';
import type { AgentSocket, ConnectionStatus } from './connectAgentSocket';
import { InboxContext } from './InboxContext';
import type { InboxValue, ListCursor, ListGroup } from './InboxContext';
import { listGroupOf, listGroupStatuses } from './InboxContext';
import { inboxReducer, initialInboxState } from './inboxReducer';
import type { InboxAction, PendingMessage } from './inboxReducer';
import { contiguousSeq } from './mergeMessages';
import { newClientId } from './newClientId';

interface InboxProviderProps {
  /** The selected organization; without one there is nothing to show or connect to. */
  orgId: string | null;
  role: Role | null;
  myUserId: string;
  api: Api;
  children: ReactNode;
}

/** At most this many pages of MESSAGE_PAGE messages are loaded for one conversation. */
const MAX_PAGES = 20;

function toAction(event: AgentEvent, now: number): InboxAction {
  switch (event.type) {
    case 'message.created':
      return { type: 'message', message: event.message, live: true };
    case 'message.delta':
      return { type: 'delta', delta: event.delta, now };
    case 'conversation.created':
    case 'conversation.updated':
      return { type: 'conversation', conversation: event.conversation };
    case 'typing':
      return { type: 'typing', payload: event.payload, now };
    case 'read':
      return { type: 'read', conversationId: event.payload.conversationId, by: event.payload.by, seq: event.payload.seq };
    case 'presence':
      return { type: 'presence', visitorId: event.visitorId, online: event.online };
  }
}

const noCursors: Record<ListGroup, ListCursor | null> = { active: null, resolved: null };

/** A full page may have a next one, which starts after its last row (the server's order). */
function nextCursor(page: ConversationSummary[]): ListCursor | null {
  const last = page.at(-1);
  return page.length >= CONVERSATION_PAGE && last ? { at: last.lastMessageAt ?? last.createdAt, id: last.id } : null;
}

/**
 * The live inbox of the selected organization: one `/agent` socket, the conversation list, the
 * messages of the conversations opened, and the replies being sent. Mounted by the app shell so
 * that the nav badge stays live; switching organizations starts over and reconnects.
 */
export function InboxProvider({ orgId, role, myUserId, api, children }: InboxProviderProps) {
  const [state, dispatch] = useReducer(inboxReducer, initialInboxState);
  const [stateOrgId, setStateOrgId] = useState(orgId);
  const [connection, setConnection] = useState<ConnectionStatus>('connecting');
  const [epoch, setEpoch] = useState(0);
  const [listAttempt, setListAttempt] = useState(0);
  const [members, setMembers] = useState<Member[]>([]);
  /** Where each list's next page starts (the last row of the last page), or null when it was the last. */
  const [cursors, setCursors] = useState<Record<ListGroup, ListCursor | null>>(noCursors);
  const socketRef = useRef<AgentSocket | null>(null);
  const stateRef = useRef(state);
  const apiRef = useRef(api);
  const requested = useRef(new Set<string>());
  const readSent = useRef(new Map<string, number>());
  const canAct = role !== null && roleAtLeast(role, 'agent');

  // Another organization: forget the previous one's conversations (during render, before anything shows them).
  if (stateOrgId !== orgId) {
    setStateOrgId(orgId);
    dispatch({ type: 'reset' });
    setMembers([]);
    setCursors(noCursors);
    setConnection('connecting');
  }

  // Layout effects run before any passive effect, so callbacks called from children's effects see this render's state.
  useLayoutEffect(() => {
    stateRef.current = state;
    apiRef.current = api;
  });

  useEffect(() => {
    requested.current.clear();
    readSent.current.clear();
    if (orgId === null) return;
    const socket = connectAgentSocket(orgId, {
      onEvent: (event) => { dispatch(toAction(event, Date.now())); },
      onConnect: () => {
        setEpoch((n) => n + 1);
      },
      onStatus: setConnection,
      onRefused: (code) => {
        // An ended session: any API call now signs the user out properly.
        if (code === 'unauthorized' || code === 'session_expired') void apiRef.current.me().catch(() => undefined);
      },
    });
    socketRef.current = socket;
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [orgId]);

  // The list, on mount and after every (re)connection; both sets are kept so tabs switch instantly.
  useEffect(() => {
    if (orgId === null) return;
    const controller = new AbortController();
    requested.current.clear();
    Promise.all([
      api.listConversations(['open', 'pending'], controller.signal),
      api.listConversations(['resolved'], controller.signal),
    ]).then(
      ([active, resolved]) => {
        if (controller.signal.aborted) return;
        dispatch({ type: 'listLoaded', summaries: [...active, ...resolved] });
        setCursors({ active: nextCursor(active), resolved: nextCursor(resolved) });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) dispatch({ type: 'listFailed', error: toApiError(error) });
      },
    );
    return () => { controller.abort(); };
  }, [api, orgId, epoch, listAttempt]);

  useEffect(() => {
    if (orgId === null) return;
    const controller = new AbortController();
    api.listMembers(controller.signal).then(
      (list) => { setMembers(list); },
      () => undefined, // Without members the inbox still works; assignees show as "a teammate".
    );
    return () => { controller.abort(); };
  }, [api, orgId, epoch]);

  // Events can name a conversation or visitor not loaded yet (a new chat, one beyond the first page).
  const missingConversations = Object.keys(state.lastMessages).filter((id) => !state.conversations[id]);
  const missingVisitors = [
    ...new Set(Object.values(state.conversations).map((c) => c.visitorId).filter((id) => !state.visitors[id])),
  ];
  const missingKey = [...missingConversations.map((id) => `c:${id}`), ...missingVisitors.map((id) => `v:${id}`)].join(',');
  useEffect(() => {
    if (!missingKey) return;
    for (const key of missingKey.split(',')) {
      if (requested.current.has(key)) continue;
      requested.current.add(key);
      const id = key.slice(2);
      const done = key.startsWith('c:')
        ? api.getConversation(id).then((conversation) => { dispatch({ type: 'conversation', conversation }); })
        : api.getVisitor(id).then((visitor) => { dispatch({ type: 'visitor', visitor }); });
      // A failure is retried after the next reconnection (which clears `requested`).
      done.catch(() => undefined);
    }
  }, [api, missingKey]);

  // Typing indicators whose "stopped" never arrived, and streams whose final message never came.
  const typingCount =
    Object.keys(state.visitorTyping).length + Object.keys(state.agentTyping).length + Object.keys(state.botStreams).length;
  useEffect(() => {
    if (typingCount === 0) return;
    const timer = window.setInterval(() => { dispatch({ type: 'typingExpired', now: Date.now() }); }, 1_000);
    return () => { window.clearInterval(timer); };
  }, [typingCount]);

  const loadMore = useCallback(
    async (status: ConversationStatus) => {
      const group = listGroupOf(status);
      const cursor = cursors[group];
      if (!cursor) return;
      const page = await api.listConversations(listGroupStatuses[group], undefined, cursor);
      if (apiRef.current !== api) return; // another organization meanwhile
      dispatch({ type: 'listLoaded', summaries: page });
      setCursors((current) => (current[group] === cursor ? { ...current, [group]: nextCursor(page) } : current));
    },
    [api, cursors],
  );
  const hasMore = useCallback((status: ConversationStatus) => cursors[listGroupOf(status)] !== null, [cursors]);

  const reloadList = useCallback(() => {
    dispatch({ type: 'listLoading' });
    setListAttempt((n) => n + 1);
  }, []);

  const loadHistory = useCallback(
    async (conversationId: string) => {
      const current = stateRef.current;
      if (current.history[conversationId]?.status !== 'ready') {
        dispatch({ type: 'history', conversationId, state: { status: 'loading' } });
      }
      // An answer for the organization the user has since left is dropped.
      const stale = () => apiRef.current !== api;
      try {
        const conversation = await api.getConversation(conversationId);
        if (stale()) return;
        dispatch({ type: 'conversation', conversation });
        let afterSeq = contiguousSeq(stateRef.current.messages[conversationId] ?? []);
        for (let page = 0; page < MAX_PAGES; page++) {
          const batch: Message[] = await api.listMessages(conversationId, afterSeq);
          if (stale()) return;
          dispatch({ type: 'messages', conversationId, messages: batch });
          const last = batch.at(-1);
          if (batch.length < MESSAGE_PAGE || !last) break;
          afterSeq = last.seq;
        }
        dispatch({ type: 'history', conversationId, state: { status: 'ready' } });
      } catch (error) {
        if (stale()) return;
        dispatch({ type: 'history', conversationId, state: { status: 'error', error: toApiError(error) } });
      }
    },
    [api],
  );

  const refreshVisitor = useCallback(
    async (visitorId: string) => {
      const visitor = await api.getVisitor(visitorId);
      if (apiRef.current === api) dispatch({ type: 'visitor', visitor });
    },
    [api],
  );

  const deliver = useCallback(
    async (pending: PendingMessage) => {
      const reply: ReplyBody = { body: pending.body, internal: pending.internal, clientId: pending.clientId };
      try {
        const socket = socketRef.current;
        if (socket?.connected()) {
          let ack: unknown = null;
          try {
            ack = await socket.request('message.send', { conversationId: pending.conversationId, ...reply });
          } catch {
            // No answer in time or disconnected: REST below, with the same client id, cannot duplicate it.
          }
          const parsed = SendAck.safeParse(ack);
          if (parsed.success && parsed.data.ok) {
            dispatch({ type: 'message', message: parsed.data.message, live: false });
            return;
          }
          // Refused for good; a socket with too many requests under way sends it over REST below instead.
          if (parsed.success && !parsed.data.ok && parsed.data.error.code !== 'rate_limited') {
            const { code, message } = parsed.data.error;
            throw new ApiError({ status: 0, code, title: 'Not sent', detail: message });
          }
        }
        const result = await api.sendMessage(pending.conversationId, reply);
        dispatch({ type: 'message', message: result.message, live: false });
      } catch (error) {
        dispatch({ type: 'outboxFailed', clientId: pending.clientId, error: toApiError(error) });
      }
    },
    [api],
  );

  const send = useCallback(
    (conversationId: string, body: string, internal: boolean) => {
      const pending: PendingMessage = {
        clientId: newClientId(),
        conversationId,
        body,
        internal,
        createdAt: new Date().toISOString(),
        status: 'sending',
        error: null,
      };
      dispatch({ type: 'outboxAdd', pending });
      void deliver(pending);
    },
    [deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const pending = stateRef.current.outbox.find((p) => p.clientId === clientId);
      if (!pending) return;
      dispatch({ type: 'outboxRetry', clientId });
      void deliver(pending);
    },
    [deliver],
  );

  const discard = useCallback((clientId: string) => {
    dispatch({ type: 'outboxDiscard', clientId });
  }, []);

  // A viewer reads along without telling the visitor (no typing, no read receipts: the server refuses them).
  const setTyping = useCallback(
    (conversationId: string, typing: boolean) => {
      if (canAct) socketRef.current?.send('typing', { conversationId, typing });
    },
    [canAct],
  );

  const markRead = useCallback(
    (conversationId: string, seq: number) => {
      const socket = socketRef.current;
      if (!canAct || !socket?.connected() || (readSent.current.get(conversationId) ?? 0) >= seq) return;
      readSent.current.set(conversationId, seq);
      socket.send('read', { conversationId, seq });
      dispatch({ type: 'read', conversationId, by: 'agent', seq });
    },
    [canAct],
  );

  const assign = useCallback(
    async (conversationId: string, assigneeId: string | null) => {
      const conversation = await api.assignConversation(conversationId, assigneeId);
      dispatch({ type: 'conversation', conversation });
    },
    [api],
  );

  const setStatus = useCallback(
    async (conversationId: string, status: 'open' | 'resolved') => {
      const conversation =
        status === 'resolved' ? await api.resolveConversation(conversationId) : await api.reopenConversation(conversationId);
      dispatch({ type: 'conversation', conversation });
    },
    [api],
  );

  const setHumanMode = useCallback(
    async (conversationId: string, human: boolean) => {
      const conversation = human ? await api.takeOver(conversationId) : await api.handBack(conversationId);
      dispatch({ type: 'conversation', conversation });
    },
    [api],
  );

  const assignees = useMemo(() => members.filter((m) => roleAtLeast(m.role, 'agent')), [members]);

  const value = useMemo<InboxValue>(
    () => ({
      state,
      connection,
      epoch,
      assignees,
      members,
      myUserId,
      canAct,
      reloadList,
      hasMore,
      loadMore,
      loadHistory,
      refreshVisitor,
      send,
      retry,
      discard,
      setTyping,
      markRead,
      assign,
      setStatus,
      setHumanMode,
    }),
    [state, connection, epoch, assignees, members, myUserId, canAct, reloadList, hasMore, loadMore, loadHistory, refreshVisitor, send, retry, discard, setTyping, markRead, assign, setStatus, setHumanMode],
  );

  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

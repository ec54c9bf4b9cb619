import { io } from 'socket.io-client';
import { parseAgentEvent, RefusalData } from './agentEvents';
import type { AgentEvent } from './agentEvents';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface AgentSocketHandlers {
  onEvent: (event: AgentEvent) => void;
  /** Every (re)connection: whatever happened while disconnected must be fetched again. */
  onConnect: () => void;
  onStatus: (status: ConnectionStatus) => void;
  /** The server refused the connection, e.g. `unauthorized` once the session has ended. */
  onRefused: (code: string) => void;
}

export interface AgentSocket {
  connected: () => boolean;
  /** Emits with an ack; rejects when disconnected or when the server does not answer in time. */
  request: (event: string, payload: unknown) => Promise<unknown>;
  /** Fire and forget; dropped while disconnected (Socket.IO would otherwise buffer it). */
  send: (event: string, payload: unknown) => void;
  close: () => void;
}

const ACK_TIMEOUT_MS = 5_000;
/** After the server refused the connection, Socket.IO stops retrying: try again this much later. */
const REFUSED_RETRY_MS = 15_000;
const EVENTS = ['message.created', 'message.delta', 'conversation.created', 'conversation.updated', 'typing', 'read', 'visitor.online', 'visitor.offline'];

/** The `/agent` namespace on this origin, authenticated by the session cookie, for one organization. */
export function connectAgentSocket(orgId: string, handlers: AgentSocketHandlers): AgentSocket {
  const socket = io('/agent', {
    auth: { orgId },
    withCredentials: true,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  let retry: number | undefined;
  let closed = false;

  function retryIfInactive(): void {
    window.clearTimeout(retry);
    if (closed || socket.active) return;
    retry = window.setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  }

  handlers.onStatus('connecting');
  socket.on('connect', () => {
    handlers.onStatus('connected');
    handlers.onConnect();
  });
  socket.on('disconnect', () => {
    handlers.onStatus(socket.active ? 'reconnecting' : 'offline');
    retryIfInactive();
  });
  socket.on('connect_error', (error: Error) => {
    handlers.onStatus(socket.active ? 'reconnecting' : 'offline');
    const refusal = RefusalData.safeParse('data' in error ? error.data : undefined);
    if (refusal.success) handlers.onRefused(refusal.data.code);
    retryIfInactive();
  });
  for (const name of EVENTS) {
    socket.on(name, (payload: unknown) => {
      const event = parseAgentEvent(name, payload);
      if (event) handlers.onEvent(event);
      else console.warn(`Ignored a malformed "${name}" event`, payload);
    });
  }

  return {
    connected: () => socket.connected,
    request: (event, payload) => {
      if (!socket.connected) return Promise.reject(new Error('not connected'));
      return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
    },
    send: (event, payload) => {
      if (socket.connected) socket.emit(event, payload);
    },
    close: () => {
      closed = true;
      window.clearTimeout(retry);
      socket.disconnect();
    },
  };
}

import type { Message } from '@parley/contracts';
import type { SocketStatus, VisitorSocket } from '../chatSession.js';
import { isRecord } from '../isRecord.js';

type Payload = Record<string, unknown>;
const asPayload = (x: unknown): Payload => (isRecord(x) ? x : {});

/** An ack, or `'hold'`: the ack never comes. */
type Reply = unknown;
interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * An in-memory stand-in for the `/visitor` namespace with the server's semantics:
 * one conversation, gap-free seqs, sends deduped by clientId, `message.created` to every
 * connected socket of the visitor, acks after the event.
 */
export class FakeVisitorServer {
  messages: Message[] = [];
  log: { event: string; payload: Payload }[] = [];
  visitorReadSeq = 0;
  agentReadSeq = 0;
  humanMode = false;
  /** The next verified identify answers with this token (the same person's visitor on another device); once, as the real server would not hand it out again to that visitor. */
  identifyToken: string | undefined;
  sockets: FakeSocket[] = [];
  /** Return a reply to override the default handling of `message.send`; `'hold'` never acks. */
  onSend: ((payload: Payload) => Reply) | undefined;
  /** Whether `message.created` reaches sockets. */
  broadcast = true;
  inFlightSends = 0;
  maxInFlightSends = 0;

  socket(): FakeSocket {
    const s = new FakeSocket(this);
    this.sockets.push(s);
    return s;
  }

  append(author: Message['author'], body: string, clientId: string | null = null, authorName: string | null = null, extra: Partial<Message> = {}): Message {
    const seq = (this.messages.at(-1)?.seq ?? 0) + 1;
    const m: Message = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      conversationId: 'c0000000-0000-4000-8000-000000000001',
      seq,
      clientId,
      author,
      authorName,
      body,
      internal: false,
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      ...extra,
    };
    this.messages.push(m);
    if (this.broadcast) for (const s of this.sockets) if (s.isConnected) s.serverEmit('message.created', m);
    return m;
  }

  /** An event to every connected socket of the visitor (`message.delta`, `conversation.updated`…). */
  emit(event: string, payload: unknown): void {
    for (const s of this.sockets) if (s.isConnected) s.serverEmit(event, payload);
  }

  sends(): string[] {
    return this.log.filter((l) => l.event === 'message.send').map((l) => String(l.payload.clientId));
  }

  handle(event: string, raw: unknown): Reply {
    const payload = asPayload(raw);
    this.log.push({ event, payload });
    switch (event) {
      case 'sync': {
        const conversation = this.messages.length
          ? {
              id: 'c0000000-0000-4000-8000-000000000001',
              status: 'open',
              humanMode: this.humanMode,
              lastSeq: this.messages.at(-1)?.seq ?? 0,
              visitorReadSeq: this.visitorReadSeq,
              agentReadSeq: this.agentReadSeq,
            }
          : null;
        return { ok: true, conversation, messages: this.messages.filter((m) => m.seq > Number(payload.afterSeq)) };
      }
      case 'message.send': {
        const override = this.onSend?.(payload);
        if (override !== undefined) return override;
        const existing = this.messages.find((m) => m.clientId === payload.clientId);
        if (existing) return { ok: true, message: existing, duplicate: true };
        return { ok: true, message: this.append('visitor', String(payload.body), String(payload.clientId)), duplicate: false };
      }
      case 'identify':
        if (this.identifyToken !== undefined && typeof payload.userHash === 'string') {
          const visitorToken = this.identifyToken;
          this.identifyToken = undefined;
          return { ok: true, verified: true, visitorToken };
        }
        return { ok: true, verified: typeof payload.userHash === 'string' };
      case 'read':
        this.visitorReadSeq = Number(payload.seq);
        return undefined;
      default:
        return undefined;
    }
  }
}

export class FakeSocket implements VisitorSocket {
  isConnected = false;
  closed = false;
  token: string | null = null;
  private listeners = new Map<string, (payload: unknown) => void>();
  private statusListeners: ((status: SocketStatus) => void)[] = [];
  private pending = new Set<Pending>();

  constructor(private server: FakeVisitorServer) {}

  on(event: string, listener: (payload: unknown) => void): void {
    this.listeners.set(event, listener);
  }
  onStatus(listener: (status: SocketStatus) => void): void {
    this.statusListeners.push(listener);
  }
  connected(): boolean {
    return this.isConnected;
  }
  request(event: string, payload: unknown): Promise<unknown> {
    if (!this.isConnected) return Promise.reject(new Error('not connected'));
    const isSend = event === 'message.send';
    if (isSend) {
      this.server.inFlightSends++;
      this.server.maxInFlightSends = Math.max(this.server.maxInFlightSends, this.server.inFlightSends);
    }
    return new Promise((resolve, reject) => {
      const p: Pending = {
        resolve: (v) => {
          if (isSend) this.server.inFlightSends--;
          this.pending.delete(p);
          resolve(v);
        },
        reject: (e) => {
          if (isSend) this.server.inFlightSends--;
          this.pending.delete(p);
          reject(e);
        },
      };
      this.pending.add(p);
      // Like the network: the server sees the request a moment later.
      setTimeout(() => {
        if (!this.isConnected || !this.pending.has(p)) return;
        const reply = this.server.handle(event, structuredClone(payload));
        if (reply !== 'hold') p.resolve(reply);
      }, 0);
    });
  }
  send(event: string, payload: unknown): void {
    if (this.isConnected) this.server.handle(event, structuredClone(payload));
  }
  switchToken(visitorToken: string): void {
    this.token = visitorToken;
    this.drop();
    this.connect();
  }
  close(): void {
    this.closed = true;
    this.drop();
  }

  // ---- test controls ----
  connect(): void {
    this.isConnected = true;
    this.status('connected');
  }
  /** The connection breaks: unanswered requests fail like Socket.IO's cleared acks. */
  drop(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    for (const p of [...this.pending]) p.reject(new Error('socket has been disconnected'));
    this.status('disconnected');
  }
  status(s: SocketStatus): void {
    for (const l of this.statusListeners) l(s);
  }
  serverEmit(event: string, payload: unknown): void {
    this.listeners.get(event)?.(structuredClone(payload));
  }
}

/** Lets the fake network and the session's promise chains run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

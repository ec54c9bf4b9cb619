import type { Message } from '@parley/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatSession, type ChatSessionOptions } from './chatSession.js';
import { createOutbox } from './outbox.js';
import { memoryStorage, type KeyValueStorage } from './storage.js';
import { createTabMemory } from './tabMemory.js';
import { FakeVisitorServer, settle, type FakeSocket } from './test/fakeVisitorServer.js';

const KEY = 'parley:outbox:bot:visitor';
let counter = 0;
const ids = () => `client-${String(++counter).padStart(4, '0')}`;

function start(socket: FakeSocket, storage: KeyValueStorage = memoryStorage(), extra: Partial<ChatSessionOptions> = {}) {
  const incoming: Message[] = [];
  const session = createChatSession({
    socket,
    outbox: createOutbox(storage, KEY),
    tabs: createTabMemory(storage, `${KEY}:tabs`),
    requireIdentity: false,
    newClientId: ids,
    onIncoming: (m) => incoming.push(m),
    ...extra,
  });
  return { session, incoming, storage };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('chat session: history and sending', () => {
  it('loads the history with sync {afterSeq: 0} and announces none of it', async () => {
    const server = new FakeVisitorServer();
    server.append('visitor', 'hi', 'old-client-1');
    server.append('bot', 'hello!');
    const socket = server.socket();
    const { session, incoming } = start(socket);
    expect(session.state().connection).toBe('connecting');
    socket.connect();
    await settle();
    expect(server.log[0]).toEqual({ event: 'sync', payload: { afterSeq: 0 } });
    expect(session.state().messages.map((m) => m.body)).toEqual(['hi', 'hello!']);
    expect(session.state()).toMatchObject({ connection: 'online', loaded: true, unread: 1 });
    expect(incoming).toEqual([]);
  });

  it('shows a message as sending at once, then replaces it with the stored one', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, storage } = start(socket);
    socket.connect();
    await settle();
    expect(session.send('  Hello there  ', 'assistant')).toBe('sent');
    expect(session.state().pending).toEqual([expect.objectContaining({ body: 'Hello there', status: 'sending', tab: 'assistant' })]);
    await settle();
    expect(session.state().pending).toEqual([]);
    expect(session.state().messages).toEqual([expect.objectContaining({ body: 'Hello there', author: 'visitor', seq: 1 })]);
    expect(server.log.at(-1)).toEqual({ event: 'message.send', payload: { clientId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), body: 'Hello there', tab: 'assistant' } });
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('does not send empty or whitespace-only messages', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    expect(session.send('', 'assistant')).toBe('empty');
    expect(session.send(' \n\t ', 'assistant')).toBe('empty');
    await settle();
    expect(server.sends()).toEqual([]);
    expect(session.state().pending).toEqual([]);
  });

  it('refuses messages over 4,000 characters with an error, and accepts exactly 4,000', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    expect(session.send('x'.repeat(4001), 'assistant')).toBe('too_long');
    expect(session.state().error).toEqual({ code: 'too_long', length: 4001 });
    await settle();
    expect(server.sends()).toEqual([]);
    expect(session.send('x'.repeat(4000), 'assistant')).toBe('sent');
    expect(session.state().error).toBeNull();
    await settle();
    expect(server.sends()).toHaveLength(1);
    // Characters as the server counts them: an emoji (two UTF-16 units) is one.
    expect(session.send('💬'.repeat(4001), 'assistant')).toBe('too_long');
    expect(session.state().error).toEqual({ code: 'too_long', length: 4001 });
    expect(session.send('💬'.repeat(4000), 'assistant')).toBe('sent');
    await settle();
    expect(server.sends()).toHaveLength(2);
    // The error goes as soon as the visitor has shortened the text enough, not at the next send.
    session.send('x'.repeat(4001), 'assistant');
    session.typing('x'.repeat(4001));
    expect(session.state().error).toMatchObject({ code: 'too_long' });
    session.typing('x'.repeat(3999));
    expect(session.state().error).toBeNull();
  });

  it('replaces the pending bubble when message.created with its clientId comes before the ack', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, storage } = start(socket);
    socket.connect();
    await settle();
    server.onSend = (p) => {
      server.append('visitor', String(p.body), String(p.clientId));
      return 'hold'; // the ack never comes
    };
    session.send('race', 'assistant');
    await settle();
    expect(session.state().pending).toEqual([]);
    expect(session.state().messages.map((m) => m.body)).toEqual(['race']);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('uses tab "human" for Live Support and remembers the tab of each message', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    session.send('a person please', 'human');
    await settle();
    expect(server.log.at(-1)?.payload).toMatchObject({ tab: 'human' });
    const m = session.state().messages[0];
    expect(m && m.clientId !== null && session.tabOf(m.clientId)).toBe('human');
  });
});

describe('chat session: never losing a message', () => {
  it('keeps messages written offline in the persisted outbox and sends them after the sync, in order', async () => {
    const server = new FakeVisitorServer();
    server.append('bot', 'earlier');
    const socket = server.socket();
    const { session, storage } = start(socket);
    socket.connect();
    await settle();
    socket.drop();
    expect(session.state().connection).toBe('reconnecting');
    session.send('one', 'assistant');
    session.send('two', 'assistant');
    session.send('three', 'assistant');
    expect(JSON.parse(storage.getItem(KEY) ?? '[]')).toHaveLength(3);
    expect(session.state().pending.map((p) => [p.body, p.status])).toEqual([
      ['one', 'sending'],
      ['two', 'sending'],
      ['three', 'sending'],
    ]);
    server.log = [];
    socket.connect();
    await settle(10);
    expect(server.log.map((l) => l.event)).toEqual(['sync', 'message.send', 'message.send', 'message.send']);
    expect(server.log[0]?.payload).toEqual({ afterSeq: 1 });
    expect(server.messages.map((m) => m.body)).toEqual(['earlier', 'one', 'two', 'three']);
    expect(server.maxInFlightSends).toBe(1);
    expect(session.state().pending).toEqual([]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('survives a reload: the next page load resends the outbox with the same clientIds', async () => {
    const server = new FakeVisitorServer();
    const storage = memoryStorage();
    const first = server.socket();
    const a = start(first, storage);
    a.session.send('written before the reload', 'human');
    const clientId = a.session.state().pending[0]?.clientId;
    expect(clientId).toBeDefined();
    a.session.close();

    const second = server.socket();
    const b = start(second, storage);
    expect(b.session.state().pending).toEqual([expect.objectContaining({ clientId, body: 'written before the reload', tab: 'human' })]);
    second.connect();
    await settle();
    expect(server.sends()).toEqual([clientId]);
    expect(server.log.find((l) => l.event === 'message.send')?.payload).toMatchObject({ tab: 'human' });
    expect(b.session.state().messages).toEqual([expect.objectContaining({ clientId, body: 'written before the reload' })]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('resends with the same clientId when the ack never came', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.onSend = () => 'hold'; // lost on the way: neither stored nor acknowledged
    session.send('only once', 'assistant');
    await settle();
    expect(session.state().pending).toHaveLength(1);
    socket.drop();
    server.onSend = undefined;
    socket.connect();
    await settle();
    const [first, second] = server.sends();
    expect(second).toBe(first);
    expect(server.messages.map((m) => m.body)).toEqual(['only once']);
    expect(session.state().messages.map((m) => m.body)).toEqual(['only once']);
    expect(session.state().pending).toEqual([]);
  });

  it('two tabs of one visitor resend the same outbox item; the server dedupes it by clientId', async () => {
    const server = new FakeVisitorServer();
    const storage = memoryStorage();
    const socketA = server.socket();
    const socketB = server.socket();
    const a = start(socketA, storage);
    a.session.send('from tab A', 'assistant');
    const b = start(socketB, storage);
    socketA.connect();
    socketB.connect();
    await settle(10);
    expect(new Set(server.sends()).size).toBe(1);
    expect(server.messages.map((m) => m.body)).toEqual(['from tab A']);
    for (const { session } of [a, b]) {
      expect(session.state().messages.map((m) => m.body)).toEqual(['from tab A']);
      expect(session.state().pending).toEqual([]);
    }
  });

  it('does not resend what the sync shows was stored', async () => {
    const server = new FakeVisitorServer();
    server.broadcast = false;
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.onSend = (p) => {
      server.append('visitor', String(p.body), String(p.clientId));
      return 'hold';
    };
    session.send('stored, ack lost', 'assistant');
    await settle();
    socket.drop();
    server.onSend = undefined;
    socket.connect();
    await settle();
    expect(server.sends()).toHaveLength(1);
    expect(session.state().messages.map((m) => m.body)).toEqual(['stored, ack lost']);
    expect(session.state().pending).toEqual([]);
  });

  it('keeps a rate-limited message, shows the error, and retries it later', async () => {
    vi.useFakeTimers();
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await vi.advanceTimersByTimeAsync(10);
    let refusals = 1;
    server.onSend = () => (refusals-- > 0 ? { ok: false, error: { code: 'rate_limited', message: 'You are sending messages too fast; try again in 3 s' } } : undefined);
    session.send('slow down', 'assistant');
    await vi.advanceTimersByTimeAsync(10);
    expect(session.state().error).toEqual({ code: 'rate_limited' });
    expect(session.state().pending).toEqual([expect.objectContaining({ body: 'slow down', status: 'sending' })]);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(server.sends()).toHaveLength(2);
    expect(new Set(server.sends()).size).toBe(1);
    expect(session.state().messages.map((m) => m.body)).toEqual(['slow down']);
    expect(session.state().error).toBeNull();
  });

  it('marks a message the server refuses for good as not sent and goes on with the next', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, storage } = start(socket);
    socket.connect();
    await settle();
    server.onSend = (p) => (p.body === 'bad' ? { ok: false, error: { code: 'validation_failed', message: 'body: too long' } } : undefined);
    session.send('bad', 'assistant');
    session.send('good', 'assistant');
    await settle(10);
    expect(session.state().pending).toEqual([expect.objectContaining({ body: 'bad', status: 'failed' })]);
    expect(session.state().messages.map((m) => m.body)).toEqual(['good']);
    expect(session.state().error).toEqual({ code: 'rejected' });
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('waits for identify when the bot requires an identity, then sends', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket, memoryStorage(), { requireIdentity: true });
    socket.connect();
    await settle();
    server.onSend = () => (server.log.some((l) => l.event === 'identify') ? undefined : { ok: false, error: { code: 'forbidden', message: 'sign in' } });
    session.send('let me in', 'assistant');
    await settle();
    expect(session.state().error).toEqual({ code: 'identity_required' });
    expect(session.state().pending).toEqual([expect.objectContaining({ status: 'sending' })]);
    session.identify({ userId: 'u1', userHash: 'a'.repeat(64) });
    await settle(10);
    expect(session.state().messages.map((m) => m.body)).toEqual(['let me in']);
    expect(session.state().error).toBeNull();
  });

  it('identifies again on every connect, before the sync', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    session.identify({ userId: 'u1', name: 'Ann' });
    socket.connect();
    await settle();
    expect(server.log.map((l) => l.event).slice(0, 2)).toEqual(['identify', 'sync']);
    expect(server.log[0]?.payload).toEqual({ userId: 'u1', name: 'Ann' });
  });
});

describe('chat session: incoming messages, unread and read', () => {
  it('counts bot/agent messages as unread while hidden and reports read once visible', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, incoming } = start(socket);
    socket.connect();
    await settle();
    server.append('agent', 'Hi, I am Ann', null, 'Ann');
    server.append('agent', 'Still there?', null, 'Ann');
    expect(session.state().unread).toBe(2);
    expect(incoming.map((m) => m.body)).toEqual(['Hi, I am Ann', 'Still there?']);
    session.setVisible(true);
    // Not before the panel says what it shows.
    expect(session.state().unread).toBe(2);
    session.setViewTab(null);
    expect(session.state().unread).toBe(0);
    expect(server.log.at(-1)).toEqual({ event: 'read', payload: { seq: 2 } });
    server.append('bot', 'seen at once');
    expect(session.state().unread).toBe(0);
  });

  it("with two tabs, reads only up to the first reply waiting on the tab not in view", async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.append('bot', 'Hello from the bot'); // 1, assistant tab
    server.append('agent', 'Ann here', null, 'Ann'); // 2, live support tab
    server.append('bot', 'Anything else?'); // 3, assistant tab
    session.setViewTab('assistant');
    session.setVisible(true);
    // The agent's reply is not in view: seen up to 1, not "Seen" under the reply.
    expect(session.state().readSeq).toBe(1);
    expect(session.state().unread).toBe(2);
    expect(server.log.filter((l) => l.event === 'read')).toEqual([{ event: 'read', payload: { seq: 1 } }]);
    // The visitor opens Live Support: now all of it has been in view.
    session.setViewTab('human');
    expect(session.state().readSeq).toBe(3);
    expect(session.state().unread).toBe(0);
    expect(server.log.at(-1)).toEqual({ event: 'read', payload: { seq: 3 } });
  });

  it('merges a repeated message.created only once', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, incoming } = start(socket);
    socket.connect();
    await settle();
    const m = server.append('bot', 'once');
    socket.serverEmit('message.created', m);
    socket.serverEmit('message.created', { ...m, internal: 'nope' });
    expect(session.state().messages).toHaveLength(1);
    expect(incoming).toHaveLength(1);
  });

  it('announces messages missed while disconnected once it syncs again', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, incoming } = start(socket);
    socket.connect();
    await settle();
    socket.drop();
    server.append('agent', 'while you were away', null, 'Ann');
    expect(incoming).toEqual([]);
    socket.connect();
    await settle();
    expect(server.log.filter((l) => l.event === 'sync').at(-1)?.payload).toEqual({ afterSeq: 0 });
    expect(incoming.map((m) => m.body)).toEqual(['while you were away']);
    expect(session.state().unread).toBe(1);
  });

  it('syncs to fill a gap in seqs', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.broadcast = false;
    server.append('bot', 'missed');
    server.broadcast = true;
    server.append('bot', 'after the gap');
    await settle();
    expect(session.state().messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('shows the agent typing until their message arrives', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    socket.serverEmit('typing', { from: 'agent', typing: true });
    expect(session.state().agentTyping).toBe(true);
    server.append('agent', 'done typing', null, 'Ann');
    expect(session.state().agentTyping).toBe(false);
  });

  it('sends the visitor typing state, throttled, and stops on send', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    session.typing('h');
    session.typing('he');
    session.typing('hel');
    session.send('hel', 'assistant');
    const typing = server.log.filter((l) => l.event === 'typing').map((l) => l.payload);
    expect(typing).toEqual([{ typing: true }, { typing: false }]);
  });
});

describe('chat session: connection state', () => {
  it('goes connecting → offline after repeated failures → online → reconnecting', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.status('failed');
    expect(session.state().connection).toBe('connecting');
    socket.status('failed');
    socket.status('failed');
    expect(session.state().connection).toBe('offline');
    socket.connect();
    expect(session.state().connection).toBe('online');
    socket.drop();
    expect(session.state().connection).toBe('reconnecting');
    socket.status('refused');
    expect(session.state().connection).toBe('offline');
    await settle();
  });

  it('stops everything on close', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    const listener = vi.fn();
    session.subscribe(listener);
    session.close();
    expect(socket.closed).toBe(true);
    socket.connect();
    await settle();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('chat session: browser network state', () => {
  it('shows offline while the browser is offline, whatever the socket says', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    session.setNetwork(false);
    expect(session.state().connection).toBe('offline');
    session.setNetwork(true);
    expect(session.state().connection).toBe('online');
  });
});

describe('chat session: the hybrid assistant (streamed answers, quick replies, handoff)', () => {
  const CONV = 'c0000000-0000-4000-8000-000000000001';
  const delta = (index: number, text: string, streamId = 'stream-1', conversationId = CONV) => ({ conversationId, streamId, index, text });

  it('assembles a streamed answer in index order, ignores duplicates, and replaces it with the final bot message', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session, incoming } = start(socket);
    socket.connect();
    await settle();
    session.send('When are you open?', 'assistant');
    await settle();
    server.emit('message.delta', delta(0, 'We are '));
    server.emit('message.delta', delta(2, '9 to 5.'));
    server.emit('message.delta', delta(1, 'open '));
    server.emit('message.delta', delta(1, 'open '));
    server.emit('message.delta', delta(0, 'Nope '));
    server.emit('message.delta', { ...delta(3, 'x'), index: -1 });
    expect(session.state().streaming).toEqual([{ streamId: 'stream-1', conversationId: CONV, text: 'We are open 9 to 5.' }]);
    expect(incoming).toEqual([]);
    const rich = { quickReplies: [{ label: 'Talk to a person', payload: 'handoff' }], sources: [{ title: 'Opening hours', url: 'https://shop.example/hours' }] };
    server.append('bot', 'We are open 9 to 5.', null, null, { rich, answeredBy: 'llm', confidence: 0.7 });
    expect(session.state().streaming).toEqual([]);
    expect(session.state().messages.at(-1)).toMatchObject({ author: 'bot', body: 'We are open 9 to 5.', rich });
    expect(incoming.map((m) => m.body)).toEqual(['We are open 9 to 5.']);
  });

  it('drops a partial answer that gets no final message within 60 s of its last piece', async () => {
    vi.useFakeTimers();
    const server = new FakeVisitorServer();
    server.append('visitor', 'hi', 'old-client-1');
    const socket = server.socket();
    const { session } = start(socket);
    let changes = 0;
    session.subscribe(() => changes++);
    socket.connect();
    await vi.advanceTimersByTimeAsync(10);
    server.emit('message.delta', delta(0, 'Let me check'));
    await vi.advanceTimersByTimeAsync(59_990);
    expect(session.state().streaming.map((s) => s.text)).toEqual(['Let me check']);
    const before = changes;
    await vi.advanceTimersByTimeAsync(10);
    expect(session.state().streaming).toEqual([]);
    expect(changes).toBeGreaterThan(before);
  });

  it('ignores pieces of another conversation and malformed ones', async () => {
    const server = new FakeVisitorServer();
    server.append('visitor', 'hi', 'old-client-1');
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.emit('message.delta', delta(0, 'not yours', 's', 'c0000000-0000-4000-8000-000000000009'));
    server.emit('message.delta', { conversationId: CONV, streamId: 's', index: 0 });
    server.emit('message.delta', 'text');
    expect(session.state().streaming).toEqual([]);
  });

  it('drops the partial answer when its final message comes with a sync (after a reconnect)', async () => {
    const server = new FakeVisitorServer();
    server.append('visitor', 'hi', 'old-client-1');
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    server.emit('message.delta', delta(0, 'Half an ans'));
    socket.drop();
    server.append('bot', 'Half an answer, now whole.');
    expect(session.state().streaming).toHaveLength(1);
    socket.connect();
    await settle();
    expect(session.state().streaming).toEqual([]);
    expect(session.state().messages.at(-1)?.body).toBe('Half an answer, now whole.');
  });

  it('a quick reply sends its label with its payload once, as a visitor message from the assistant tab', async () => {
    const server = new FakeVisitorServer();
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    const first = server.append('bot', 'What can I do for you?', null, null, { rich: { quickReplies: [{ label: 'Track my order', payload: 'track_order' }, { label: 'Opening hours' }] } });
    session.quickReply(first.id, { label: 'Track my order', payload: 'track_order' });
    session.quickReply(first.id, { label: 'Opening hours' });
    await settle();
    const second = server.append('bot', 'Anything else?', null, null, { rich: { quickReplies: [{ label: 'Opening hours' }] } });
    session.quickReply(second.id, { label: 'Opening hours' });
    await settle();
    const sent = server.log.filter((l) => l.event === 'message.send').map((l) => l.payload);
    expect(sent).toEqual([
      { clientId: expect.stringMatching(/^client-/), body: 'Track my order', tab: 'assistant', payload: 'track_order' },
      { clientId: expect.stringMatching(/^client-/), body: 'Opening hours', tab: 'assistant' },
    ]);
    expect(session.state().messages.filter((m) => m.author === 'visitor').map((m) => m.body)).toEqual(['Track my order', 'Opening hours']);
    expect(session.state().pending).toEqual([]);
  });

  it('notes a handoff once when humanMode turns on in a conversation on screen, not for one loaded already handed off', async () => {
    const server = new FakeVisitorServer();
    server.append('visitor', 'I want a human', 'old-client-1');
    const socket = server.socket();
    const { session } = start(socket);
    socket.connect();
    await settle();
    expect(session.state().handoffSeqs).toEqual([]);
    const update = { id: CONV, status: 'open', humanMode: true };
    server.emit('conversation.updated', { ...update, humanMode: false });
    server.emit('conversation.updated', update);
    server.emit('conversation.updated', update);
    server.append('bot', 'Connecting you with our team.');
    expect(session.state()).toMatchObject({ humanMode: true, handoffSeqs: [1] });
    server.emit('conversation.updated', { ...update, id: 'c0000000-0000-4000-8000-000000000009', humanMode: false });
    expect(session.state().handoffSeqs).toEqual([1]);

    server.humanMode = true;
    const again = start(server.socket());
    server.sockets.at(-1)?.connect();
    await settle();
    expect(again.session.state()).toMatchObject({ humanMode: true, handoffSeqs: [], loaded: true });
  });
});

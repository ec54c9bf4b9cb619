import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { socketEvents } from './socket-handler.js';

const Ping = z.object({ n: z.number().int() });

/** A Socket.IO server on 127.0.0.1 whose sockets get `register`'s events, and a client connected to it. */
async function harness(register: (events: ReturnType<typeof socketEvents>, emit: (event: string, payload: unknown) => void) => void) {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const internalErrors: unknown[] = [];
  io.on('connection', (socket) => register(socketEvents(socket, (err) => internalErrors.push(err)), (event, payload) => socket.emit(event, payload)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
  const port = address.port;
  const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  const close = async () => {
    client.disconnect();
    await io.close();
  };
  return { client, internalErrors, close };
}

let closeHarness: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeHarness?.();
  closeHarness = undefined;
});

/**
 * What the client hears, in order: each ack (`ack:<n>`) and each `after` event (`after:<n>`), noted when
 * its packet is read (an awaited ack would be noted a microtask late, after packets read with it).
 */
function record(client: ClientSocket) {
  const heard: string[] = [];
  client.on('after', (n: number) => heard.push(`after:${n}`));
  const ping = (n: number) =>
    new Promise<unknown>((resolve) =>
      client.emit('ping', { n }, (answer: unknown) => {
        heard.push(`ack:${n}`);
        resolve(answer);
      }),
    );
  return { heard, ping };
}

describe('socketEvents', () => {
  it('sends the ack before running what the handler left for after it, for each of several answers finished together', async () => {
    const h = await harness((events, emit) => {
      // Five answers that finish in one tick, as the items of one group commit do.
      let release: () => void = () => undefined;
      const together = new Promise<void>((resolve) => (release = resolve));
      let waiting = 0;
      events.on('ping', Ping, async ({ n }, afterAck) => {
        if (++waiting === 5) release();
        await together;
        afterAck(() => emit('after', n));
        return { n };
      });
    });
    closeHarness = h.close;
    const { heard, ping } = record(h.client);
    expect(await Promise.all([1, 2, 3, 4, 5].map(ping))).toEqual([1, 2, 3, 4, 5].map((n) => ({ ok: true, n })));
    await expect.poll(() => heard.length).toBe(10);
    // Every ack reached the client before any announcement did.
    expect(heard.slice(0, 5).sort()).toEqual(['ack:1', 'ack:2', 'ack:3', 'ack:4', 'ack:5']);
    expect(heard.slice(5)).toEqual(['after:1', 'after:2', 'after:3', 'after:4', 'after:5']);
  });

  it('runs the after-ack work of a handler that then failed, after its error answer', async () => {
    const h = await harness((events, emit) => {
      events.on('ping', Ping, async ({ n }, afterAck) => {
        afterAck(() => emit('after', n));
        throw new AppError('conflict', 'no');
      });
    });
    closeHarness = h.close;
    const { heard, ping } = record(h.client);
    const answer = await ping(7);
    expect(answer).toEqual({ ok: false, error: { code: 'conflict', message: 'no' } });
    await expect.poll(() => heard).toEqual(['ack:7', 'after:7']);
  });

  it('reports after-ack work that throws as an internal error and still runs the rest; the socket stays up', async () => {
    const h = await harness((events, emit) => {
      events.on('ping', Ping, async ({ n }, afterAck) => {
        afterAck(() => {
          throw new Error('announce failed');
        });
        afterAck(() => emit('after', n));
        return { n };
      });
    });
    closeHarness = h.close;
    const { heard, ping } = record(h.client);
    expect(await ping(1)).toEqual({ ok: true, n: 1 });
    await expect.poll(() => heard).toEqual(['ack:1', 'after:1']);
    expect(h.internalErrors).toEqual([expect.objectContaining({ message: 'announce failed' })]);
    expect(await h.client.emitWithAck('ping', { n: 2 })).toEqual({ ok: true, n: 2 });
  });

  it('answers a malformed payload with validation_failed and never calls the handler', async () => {
    let called = false;
    const h = await harness((events) => {
      events.on('ping', Ping, async () => {
        called = true;
      });
    });
    closeHarness = h.close;
    expect(await h.client.emitWithAck('ping', { n: 'x' })).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('n:') } });
    expect(called).toBe(false);
  });
});

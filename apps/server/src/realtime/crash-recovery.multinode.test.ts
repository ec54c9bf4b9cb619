import type { ChildProcess } from 'node:child_process';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, Message, WidgetResolve } from '@parley/contracts';
import { freePort } from '../test/free-port.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil } from '../test/parley-process.js';
import { createPgDatabase } from '../test/test-database.js';

const SHOP = 'http://shop.test';
const TOTAL = 500;

/**
 * kill -9 the server while a client streams 500 messages, restart it: every acknowledged
 * message is stored once, the client re-sends the rest, nothing is lost or duplicated.
 */
describe('crash recovery', () => {
  let env: Record<string, string>;
  let port = 0;
  let server: ChildProcess | undefined;

  const start = async (): Promise<ChildProcess> => (await startNodeUntil([PARLEY_BIN, 'start'], { ...env, PORT: String(port) }, /Dashboard:/)).child;

  beforeAll(async () => {
    port = await freePort();
    env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: await createPgDatabase(),
      SECRET_KEY: 'crash-test-secret-crash-test-secret-0123456789',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      VISITOR_MESSAGE_LIMIT: '100000',
      IP_MESSAGE_LIMIT: '100000',
    };
    const created = await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'crash@example.test', '--password', 'crash-password'], env);
    expect(created.code).toBe(0);
    server = await start();
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('loses and duplicates nothing across a kill -9', async () => {
    const base = `http://127.0.0.1:${port}`;
    const headers = await signInOverHttp(base, 'crash@example.test', 'crash-password');
    const bot = Bot.parse(await (await fetch(`${base}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'crash', allowedOrigins: [SHOP] }) })).json());
    const { visitorToken } = WidgetResolve.parse(await (await fetch(`${base}/widget/v1/bots/${bot.id}/resolve`, { headers: { origin: SHOP } })).json());

    const socket = io(`${base}/visitor`, {
      auth: { botId: bot.id, visitorToken },
      extraHeaders: { origin: SHOP },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });

    // The client's outbox: every message keeps its client id until the server acknowledges it.
    const acked = new Map<string, { id: string; seq: number }>();
    const ids = Array.from({ length: TOTAL }, (_, i) => `crash-${String(i).padStart(5, '0')}`);
    let killed = false;
    let restarted: Promise<void> | undefined;

    const sendOne = async (clientId: string): Promise<void> => {
      for (;;) {
        if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        try {
          const ack: unknown = await socket.timeout(2_000).emitWithAck('message.send', { clientId, body: `message ${clientId}` });
          const parsed = Message.safeParse(typeof ack === 'object' && ack !== null && 'message' in ack ? ack.message : undefined);
          if (parsed.success) {
            acked.set(clientId, { id: parsed.data.id, seq: parsed.data.seq });
            if (!killed && acked.size >= 150) {
              killed = true;
              server?.kill('SIGKILL');
              restarted = new Promise((resolve) => setTimeout(resolve, 300)).then(async () => {
                server = await start();
              });
            }
            return;
          }
        } catch {
          // Timed out or disconnected: the message stays in the outbox and is sent again.
        }
      }
    };

    // Ten messages in flight at a time, like a busy visitor on a flaky line.
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await sendOne(next);
      }),
    );
    await restarted;
    expect(killed).toBe(true);
    expect(acked.size).toBe(TOTAL);

    // Sync pages hold at most 500 messages: ask again after the last seq until a page is empty.
    const messages: Message[] = [];
    for (;;) {
      const sync: unknown = await socket.timeout(5_000).emitWithAck('sync', { afterSeq: messages.at(-1)?.seq ?? 0 });
      const page = Message.array().parse(typeof sync === 'object' && sync !== null && 'messages' in sync ? sync.messages : undefined);
      if (page.length === 0) break;
      messages.push(...page);
    }
    socket.disconnect();
    const fromVisitor = messages.filter((m) => m.author === 'visitor');
    // Each message exactly once …
    expect(fromVisitor).toHaveLength(TOTAL);
    expect(new Set(fromVisitor.map((m) => m.clientId)).size).toBe(TOTAL);
    // … with the id and seq its acknowledgement promised, and seqs gap-free and increasing.
    for (const m of fromVisitor) expect(acked.get(m.clientId ?? '')).toEqual({ id: m.id, seq: m.seq });
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
  }, 120_000);
});

// The baselines: a bare Socket.IO server doing the least a chat server can do. It acks a visitor's
// message and relays it to every agent socket. No auth, no conversations, no rate limits, no events.
// With DATABASE_URL set (echo+pg), it first stores the message in PostgreSQL: one INSERT per message
// (its own transaction), idempotent on the client id, seq from a sequence. That is the least a server
// can do that keeps "persisted before acknowledged": how much of Parley's round trip any database
// round trip costs on this machine, and how much is Parley's own.
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

interface Stored {
  seq: number;
  createdAt: string;
}

const port = Number(process.argv[2] ?? 0);
const databaseUrl = process.env.DATABASE_URL;

/** With a database: stores a message and answers its seq and time. */
async function storer(url: string): Promise<(clientId: string, body: string) => Promise<Stored>> {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_echo_messages (seq bigserial PRIMARY KEY, client_id text NOT NULL UNIQUE, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const insert = {
    name: 'bench-echo-insert',
    text: 'INSERT INTO bench_echo_messages (client_id, body) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING RETURNING seq, created_at',
  };
  return async (clientId, body) => {
    const { rows: [row] } = await pool.query<{ seq: string; created_at: Date }>({ ...insert, values: [clientId, body] });
    return { seq: Number(row?.seq ?? 0), createdAt: (row?.created_at ?? new Date()).toISOString() };
  };
}

const store = databaseUrl ? await storer(databaseUrl) : undefined;
let seq = 0;
const http = createServer();
const io = new Server(http, { serveClient: false });
io.of('/visitor').on('connection', (socket) => {
  socket.on('message.send', (payload: { clientId?: string; body?: string }, ack: (r: unknown) => void) => {
    const reply = (stored: Stored) => {
      const message = { ...stored, clientId: payload.clientId, body: payload.body };
      ack({ ok: true, message });
      io.of('/agent').emit('message.created', message);
    };
    // Without a database the ack goes at once, as a bare echo server's does.
    if (!store) return reply({ seq: ++seq, createdAt: new Date().toISOString() });
    store(payload.clientId ?? '', payload.body ?? '').then(reply, (err: unknown) => ack({ ok: false, error: { code: 'internal', message: String(err) } }));
  });
});
io.of('/agent').on('connection', () => undefined);
http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  console.log(`echo listening ${typeof address === 'object' && address ? address.port : 0}`);
});

// The second baseline: the bare Socket.IO echo server (echo-server.ts) that also stores each message
// in PostgreSQL before it acks, the least a server can do that keeps "persisted before acknowledged".
// One INSERT per message (its own transaction), idempotent on the client id, seq from a sequence;
// no auth, no conversations, no rate limits, no events. It shows how much of Parley's round trip
// any database round trip costs on this machine, and how much is Parley's own.
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS bench_echo_messages (seq bigserial PRIMARY KEY, client_id text NOT NULL UNIQUE, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
);
const insert = {
  name: 'bench-echo-insert',
  text: 'INSERT INTO bench_echo_messages (client_id, body) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING RETURNING seq, created_at',
};

const http = createServer();
const io = new Server(http, { serveClient: false });
io.of('/visitor').on('connection', (socket) => {
  socket.on('message.send', (payload: { clientId?: string; body?: string }, ack: (r: unknown) => void) => {
    pool.query<{ seq: string; created_at: Date }>({ ...insert, values: [payload.clientId ?? '', payload.body ?? ''] }).then(
      ({ rows: [row] }) => {
        const message = { seq: Number(row?.seq ?? 0), clientId: payload.clientId, body: payload.body, createdAt: row?.created_at.toISOString() };
        ack({ ok: true, message });
        io.of('/agent').emit('message.created', message);
      },
      (err: unknown) => ack({ ok: false, error: { code: 'internal', message: String(err) } }),
    );
  });
});
io.of('/agent').on('connection', () => undefined);
http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  console.log(`echo listening ${typeof address === 'object' && address ? address.port : 0}`);
});

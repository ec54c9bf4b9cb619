// The baseline: a bare Socket.IO server doing the least a chat server can do. It acks a
// visitor's message at once and relays it to every agent socket. No auth, no database.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const http = createServer();
const io = new Server(http, { serveClient: false });
let seq = 0;
io.of('/visitor').on('connection', (socket) => {
  socket.on('message.send', (payload: { clientId?: string; body?: string }, ack: (r: unknown) => void) => {
    const message = { seq: ++seq, clientId: payload.clientId, body: payload.body, createdAt: new Date().toISOString() };
    ack({ ok: true, message });
    io.of('/agent').emit('message.created', message);
  });
});
io.of('/agent').on('connection', () => undefined);
http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  console.log(`echo listening ${typeof address === 'object' && address ? address.port : 0}`);
});

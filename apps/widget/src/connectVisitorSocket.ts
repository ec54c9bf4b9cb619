import { io } from 'socket.io-client';
import type { SocketStatus, VisitorSocket } from './chatSession.js';

export interface VisitorAuth {
  botId: string;
  visitorToken: string;
  pageUrl: string;
}

const ACK_TIMEOUT_MS = 10_000;
/** After the server refused the connection (bad token, origin, restart…) try again this much later. */
const REFUSED_RETRY_MS = 20_000;

/** The `/visitor` namespace of the Parley server this frame was served from. */
export function connectVisitorSocket(origin: string, auth: VisitorAuth): VisitorSocket {
  const socket = io(`${origin}/visitor`, {
    auth: { ...auth },
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  const statusListeners: ((status: SocketStatus) => void)[] = [];
  const status = (s: SocketStatus) => statusListeners.forEach((l) => l(s));
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  // Socket.IO retries by itself, except after the server refused or closed the connection.
  function retryIfInactive(): void {
    clearTimeout(retry);
    if (closed || socket.active) return;
    retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  }

  socket.on('connect', () => status('connected'));
  socket.on('disconnect', () => {
    status('disconnected');
    retryIfInactive();
  });
  socket.on('connect_error', () => {
    status(socket.active ? 'failed' : 'refused');
    retryIfInactive();
  });

  return {
    on: (event, listener) => void socket.on(event, (payload: unknown) => listener(payload)),
    onStatus: (listener) => void statusListeners.push(listener),
    connected: () => socket.connected,
    request: (event, payload) =>
      new Promise((resolve, reject) => {
        // While disconnected Socket.IO would buffer the emit; the session resends on reconnect instead.
        if (!socket.connected) return reject(new Error('not connected'));
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: Error | null, response: unknown) => (err ? reject(err) : resolve(response)));
      }),
    send(event, payload) {
      if (socket.connected) socket.emit(event, payload);
    },
    switchToken(visitorToken) {
      socket.auth = { ...auth, visitorToken };
      socket.disconnect().connect();
      clearTimeout(retry);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      socket.disconnect();
    },
  };
}

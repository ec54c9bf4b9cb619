import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { unstorableText } from '../lib/unstorable-text.js';
import { toAppError } from '../plugins/error-handler.js';

type Ack = (response: unknown) => void;
const isAck = (x: unknown): x is Ack => typeof x === 'function';
const refusal = (code: string, message: string) => ({ ok: false, error: { code, message } });

/**
 * Events one socket may have under way at once. The widget and the dashboard wait for each
 * answer (a handful at most); a client firing thousands without waiting gets refusals, not a
 * queue of database work that stalls everyone else.
 */
export const MAX_IN_FLIGHT_PER_SOCKET = 8;

/**
 * A socket's events, each with a payload validated by its schema. The ack (if the client asked
 * for one) gets `{ ok: true, ...result }` or `{ ok: false, error: { code, message } }`; a
 * malformed payload or a failing handler never throws out of the socket. An event nobody
 * registered (`not_found`), or one sent with only an ack and no payload, is answered with an error too, so a
 * client never waits for an answer that cannot come.
 */
export function socketEvents(socket: Socket, onInternalError: (err: unknown) => void) {
  const known = new Set<string>();
  let inFlight = 0;
  socket.use((packet, next) => {
    const event: unknown = packet[0];
    if (typeof event === 'string' && known.has(event)) return next();
    const ack: unknown = packet[packet.length - 1];
    if (isAck(ack)) ack(refusal('not_found', `Unknown event: ${String(event).slice(0, 64)}`));
    // Not passed on: nothing listens for it.
  });

  return {
    /**
     * `afterAck(f)`: the handler's work that the sender need not wait for (telling everyone else), run
     * right after the answer is sent, as a bare Socket.IO server acks before it broadcasts.
     */
    on<S extends z.ZodType, R extends object | void>(event: string, schema: S, fn: (input: z.output<S>, afterAck: (f: () => void) => void) => Promise<R>): void {
      known.add(event);
      socket.on(event, (first: unknown, second: unknown) => {
        // `emit(event, callback)`: the callback arrives where the payload would.
        const [payload, ack] = isAck(first) && second === undefined ? [undefined, first] : [first, second];
        const reply: Ack = isAck(ack) ? ack : () => undefined;
        if (inFlight >= MAX_IN_FLIGHT_PER_SOCKET) {
          reply(refusal('rate_limited', `Too many requests at once: wait for the answers (at most ${MAX_IN_FLIGHT_PER_SOCKET})`));
          return;
        }
        const problem = unstorableText(payload);
        if (problem) {
          reply(refusal('validation_failed', problem));
          return;
        }
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue?.path.join('.');
          reply(refusal('validation_failed', `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid payload'}`));
          return;
        }
        inFlight++;
        const afterAck: Array<() => void> = [];
        const runAfterAck = () => {
          if (afterAck.length === 0) return;
          // Queued, not run here: answers finished together (one group commit) all leave before any of these.
          queueMicrotask(() => {
            for (const f of afterAck) {
              try {
                f();
              } catch (err) {
                onInternalError(err);
              }
            }
          });
        };
        fn(parsed.data, (f) => void afterAck.push(f)).then(
          (result) => {
            inFlight--;
            try {
              reply({ ok: true, ...(result ?? {}) });
            } finally {
              runAfterAck();
            }
          },
          (err: unknown) => {
            inFlight--;
            const appError = toAppError(err);
            if (appError.code === 'internal') onInternalError(err);
            try {
              reply(refusal(appError.code, appError.message));
            } finally {
              runAfterAck();
            }
          },
        );
      });
    },
  };
}

import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { containsNul } from '../lib/contains-nul.js';
import { toAppError } from '../plugins/error-handler.js';

type Ack = (response: unknown) => void;
const isAck = (x: unknown): x is Ack => typeof x === 'function';

/**
 * Registers a socket event whose payload is validated with `schema`. The ack (if the
 * client asked for one) gets `{ ok: true, ...result }` or `{ ok: false, error: { code, message } }`;
 * a malformed payload or a failing handler never throws out of the socket.
 */
export function handle<S extends z.ZodType, R extends object | void>(
  socket: Socket,
  event: string,
  schema: S,
  fn: (input: z.output<S>) => Promise<R>,
  onInternalError: (err: unknown) => void,
): void {
  socket.on(event, (payload: unknown, ack: unknown) => {
    const reply: Ack = isAck(ack) ? ack : () => undefined;
    if (containsNul(payload)) {
      reply({ ok: false, error: { code: 'validation_failed', message: 'Text must not contain NUL characters' } });
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.');
      reply({ ok: false, error: { code: 'validation_failed', message: `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid payload'}` } });
      return;
    }
    fn(parsed.data).then(
      (result) => reply({ ok: true, ...(result ?? {}) }),
      (err: unknown) => {
        const appError = toAppError(err);
        if (appError.code === 'internal') onInternalError(err);
        reply({ ok: false, error: { code: appError.code, message: appError.message } });
      },
    );
  });
}

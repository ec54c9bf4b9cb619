import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Answers a request itself (`true`) or leaves it to Fastify (`false`, nothing written). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Fastify's `serverFactory`: the HTTP server Fastify would make (with its timeouts), which offers each
 * request to the current fast path before Fastify sees it. `current()` is read per request, so the fast
 * path can be installed once its service exists and removed when the app starts closing.
 */
export function serverWithFastPath(current: () => FastPath | undefined) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void, options: Record<string, unknown>): Server => {
    const server = createServer((req, res) => {
      const fastPath = current();
      if (fastPath) {
        try {
          if (fastPath(req, res)) return;
        } catch {
          // A fast path never throws by design; if one did, the request still gets its real answer.
          if (res.headersSent) return void res.destroy();
        }
      }
      handler(req, res);
    });
    if (typeof options.keepAliveTimeout === 'number') server.keepAliveTimeout = options.keepAliveTimeout;
    if (typeof options.requestTimeout === 'number') server.requestTimeout = options.requestTimeout;
    if (typeof options.connectionTimeout === 'number') server.setTimeout(options.connectionTimeout);
    if (typeof options.maxRequestsPerSocket === 'number' && options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}

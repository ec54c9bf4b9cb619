import type { IncomingMessage, ServerResponse } from 'node:http';
import { ifNoneMatch } from './if-none-match.js';
import type { ResolveAnswer } from './widget-service.js';

/** A returning visitor's resolve: a lower-case bot id and only a `vt` of token characters (no escapes). */
const RETURNING = /^\/widget\/v1\/bots\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resolve\?vt=([A-Za-z0-9_.-]{1,512})$/;

export interface ResolveFastPathDeps {
  keptAnswer(botId: string, visitorToken: string, origin: string | undefined): ResolveAnswer | undefined;
}

/**
 * The hottest request there is — every page view of every customer site, mostly returning visitors —
 * answered before routing when its answer is already kept (see `WidgetService.keptAnswer`): the same
 * status, headers and bytes the resolve route sends (the route's e2e test compares them), without
 * Fastify's per-request work (about 40 % of the request's CPU). It answers only what it is sure of and
 * returns `false` for everything else (another URL or method, a new visitor, a bot or plan not in
 * memory, a refused origin, a preview), which the route then answers, errors included. It is used
 * unless the log level is debug or trace; at info the resolve route itself logs only problems (warn),
 * so both paths log the same.
 */
export function createResolveFastPath(widget: ResolveFastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const match = RETURNING.exec(req.url ?? '');
    const botId = match?.[1];
    const token = match?.[2];
    if (botId === undefined || token === undefined) return false;
    const origin = req.headers.origin;
    const answer = widget.keptAnswer(botId, token, origin);
    if (!answer) return false;
    const headers: Record<string, string> = { 'cache-control': 'private, no-cache', etag: answer.etag };
    if (origin) {
      headers['access-control-allow-origin'] = origin;
      headers.vary = 'origin';
    }
    if (ifNoneMatch(req.headers['if-none-match'], answer.etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(answer.json));
    res.writeHead(200, headers);
    res.end(answer.json);
    return true;
  };
}

import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedTarget } from '../../lib/ssrf-guard.js';

export interface PostResult {
  /** The HTTP status, when the receiver answered. */
  statusCode: number | null;
  /** Why the attempt failed without (or despite) an answer. */
  error: string | null;
  durationMs: number;
}

/** The most of a receiver's answer that is read (then the connection is dropped). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * A lookup that always answers with the address the SSRF guard vetted, so the connection goes
 * exactly where the check looked, whatever DNS says a moment later (no DNS rebinding).
 */
function pinnedLookup(target: VettedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/**
 * POSTs `body` to a vetted target with node's own HTTP client, the TLS name still being the
 * URL's host. The whole attempt (connect, send, answer) must finish within `timeoutMs`;
 * redirects are not followed (a 3xx counts as a failure, like any non-2xx).
 */
export function postWebhook(target: VettedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, durationMs: elapsed() });
    };
    const request = client.request(target.url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target),
      agent: false,
    });
    const timer = setTimeout(() => {
      finish(null, `timed out after ${timeoutMs} ms`);
      request.destroy();
    }, timeoutMs);
    request.on('error', (err) => finish(null, err.message || 'request failed'));
    request.on('response', (response) => {
      const status = response.statusCode ?? null;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      const done = () => finish(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status ?? 'status unknown'}`);
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(body);
  });
}

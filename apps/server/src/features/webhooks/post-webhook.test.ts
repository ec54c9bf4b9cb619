import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { postWebhook } from './post-webhook.js';

describe('postWebhook', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('connects to the vetted address, never to what DNS says for the name (no rebinding)', async () => {
    const port = new URL(receiver.url).port;
    // The name does not even exist in DNS: only the pinned address can have been used.
    const url = new URL(`http://rebind.invalid:${port}/pinned`);
    const result = await postWebhook({ url, hostname: url.hostname, address: '127.0.0.1', family: 4 }, '{"a":1}', { 'Content-Type': 'application/json' }, 2_000);
    expect(result).toMatchObject({ statusCode: 200, error: null });
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({ method: 'POST', path: '/pinned', body: '{"a":1}' });
    expect(request?.headers.host).toBe(`rebind.invalid:${port}`);
  });

  it('reports a non-2xx answer as an error with its status', async () => {
    receiver.failNext(1);
    const url = new URL(`${receiver.url}/fails`);
    expect(await postWebhook({ url, hostname: '127.0.0.1', address: '127.0.0.1', family: 4 }, '{}', {}, 2_000)).toMatchObject({ statusCode: 500, error: 'HTTP 500' });
  });

  it('gives up after the timeout when the receiver hangs', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const address = hanging.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const url = new URL(`http://127.0.0.1:${port}/slow`);
      const result = await postWebhook({ url, hostname: '127.0.0.1', address: '127.0.0.1', family: 4 }, '{}', {}, 200);
      expect(result).toMatchObject({ statusCode: null, error: 'timed out after 200 ms' });
      expect(result.durationMs).toBeGreaterThanOrEqual(190);
      expect(result.durationMs).toBeLessThan(2_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('reports a refused connection', async () => {
    const hanging = createServer();
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const address = hanging.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => hanging.close(resolve));
    const url = new URL(`http://127.0.0.1:${port}/`);
    const result = await postWebhook({ url, hostname: '127.0.0.1', address: '127.0.0.1', family: 4 }, '{}', {}, 2_000);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});

import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { LazyChildLogger, lazyChildLoggerFactory } from './lazy-child-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('lazyChildLoggerFactory', () => {
  it('logs enabled levels with the request id (redaction still applies) and drops the rest', async () => {
    const { lines, stream } = capture();
    const app = Fastify({ logger: { level: 'warn', stream, redact: { paths: ['*.password'], censor: '[redacted]' } }, childLoggerFactory: lazyChildLoggerFactory });
    app.get('/', async (request) => {
      request.log.info('not shown');
      request.log.debug({ a: 1 }, 'not shown either');
      request.log.warn({ user: { password: 'hunter2' } }, 'shown');
      request.log.child({ step: 'two' }).error('child shown');
      return 'ok';
    });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    await app.close();
    expect(lines.map((l) => l.msg)).toEqual(['shown', 'child shown']);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'req-1', user: { password: '[redacted]' } });
    expect(lines[1]).toMatchObject({ level: 50, reqId: 'req-1', step: 'two' });
  });

  it('follows level changes before and after the real child exists', () => {
    const { lines, stream } = capture();
    const app = Fastify({ logger: { level: 'warn', stream } });
    const parent = app.log;
    const made = vi.spyOn(parent, 'child');
    const lazy = new LazyChildLogger(parent, { reqId: 'r' }, {});
    // What Fastify checks of every request logger must not make the pino child.
    for (const method of ['info', 'error', 'debug', 'fatal', 'warn', 'trace', 'child']) expect(typeof Reflect.get(lazy, method)).toBe('function');
    expect(lazy.level).toBe('warn');
    lazy.info('dropped');
    expect(made).not.toHaveBeenCalled();
    lazy.level = 'info';
    lazy.info('kept at info');
    expect(made).toHaveBeenCalledTimes(1);
    expect(lazy.level).toBe('info');
    lazy.level = 'error';
    lazy.warn('dropped again');
    expect(lines.map((l) => l.msg)).toEqual(['kept at info']);
    expect(lines[0]).toMatchObject({ reqId: 'r', level: 30 });
  });
});

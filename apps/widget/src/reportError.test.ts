import { WidgetEvent } from '@parley/contracts';
import { describe, expect, it, vi } from 'vitest';
import { fnv1a } from './fnv1a.js';
import { createErrorReporter, errorEvent, installErrorReporting, MAX_ERRORS } from './reportError.js';

describe('error reporting', () => {
  it('reports uncaught errors and unhandled rejections', () => {
    const target = new EventTarget();
    const report = vi.fn();
    installErrorReporting(target, report);
    const error = new Error('boom');
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: boom', error }));
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'Script error.', error: null }));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'nope' }));
    expect(report.mock.calls).toEqual([
      ['boom', error.stack],
      ['Script error.', undefined],
      ['Unhandled rejection: nope', undefined],
    ]);
  });

  it('makes error beacons the events endpoint accepts: message ≤ 500, a stable stack hash', () => {
    const stack = 'Error: boom\n    at f (https://parley.example/widget/v1/assets/index.js:1:10)';
    const event = errorEvent('boom', stack);
    expect(event).toEqual({ type: 'error', message: 'boom', stackHash: fnv1a(stack) });
    expect(errorEvent('other message', stack).stackHash).toBe(event.stackHash);
    expect(errorEvent('boom').stackHash).toBe(fnv1a('boom'));
    const long = errorEvent(`  ${'x'.repeat(600)}`, stack);
    expect(long.message).toHaveLength(500);
    expect(errorEvent('   ').message).toBe('Error');
    for (const e of [event, long, errorEvent('')]) expect(WidgetEvent.safeParse(e).success).toBe(true);
  });

  it('warns on the console and beacons each distinct error once, at most MAX_ERRORS per page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sink = vi.fn();
    const report = createErrorReporter(sink);
    report('x', 'stack');
    report('x', 'stack');
    expect(warn).toHaveBeenCalledWith('[parley widget]', 'x', 'stack');
    expect(sink).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) report(`error ${i}`, `stack ${i}`);
    expect(sink).toHaveBeenCalledTimes(MAX_ERRORS);
    warn.mockRestore();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { installErrorReporting, reportError } from './reportError.js';

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

  it('goes to console.warn for now', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    reportError('x', 'stack');
    expect(warn).toHaveBeenCalledWith('[parley widget]', 'x', 'stack');
    warn.mockRestore();
  });
});

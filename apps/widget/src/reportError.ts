import type { WidgetEvent } from '@parley/contracts';
import { fnv1a } from './fnv1a.js';

type WidgetErrorEvent = Extract<WidgetEvent, { type: 'error' }>;

/** At most this many distinct errors are reported per page (a render loop must not flood the events endpoint). */
export const MAX_ERRORS = 20;

/** The `error` beacon: the message (≤ 500) and an FNV-1a hash of the stack (of the message when there is none). */
export function errorEvent(message: string, stack?: string): WidgetErrorEvent {
  const text = message.trim().slice(0, 500) || 'Error';
  return { type: 'error', message: text, stackHash: fnv1a(stack ?? text) };
}

/**
 * Where the widget's uncaught errors go: the console, and (once each, at most 20 per
 * page) the analytics beacon.
 */
export function createErrorReporter(sink: (event: WidgetErrorEvent) => void): (message: string, stack?: string) => void {
  const seen = new Set<string>();
  return (message, stack) => {
    console.warn('[parley widget]', message, stack ?? '');
    const event = errorEvent(message, stack);
    const key = `${event.stackHash}:${event.message}`;
    if (seen.has(key) || seen.size >= MAX_ERRORS) return;
    seen.add(key);
    sink(event);
  };
}

type ErrorTarget = Pick<Window, 'addEventListener'>;

function describe(reason: unknown): { message: string; stack?: string } {
  if (reason instanceof Error) return reason.stack === undefined ? { message: reason.message } : { message: reason.message, stack: reason.stack };
  return { message: String(reason) };
}

/** Reports `error` and `unhandledrejection` events of the frame. */
export function installErrorReporting(target: ErrorTarget, report: (message: string, stack?: string) => void): void {
  target.addEventListener('error', (event: ErrorEvent) => {
    const error: unknown = event.error;
    const { message, stack } = error === undefined || error === null ? { message: event.message, stack: undefined } : describe(error);
    report(message || event.message, stack);
  });
  target.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const reason: unknown = event.reason;
    const { message, stack } = describe(reason);
    report(`Unhandled rejection: ${message}`, stack);
  });
}

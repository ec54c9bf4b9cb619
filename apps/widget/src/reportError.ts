/**
 * Where the widget's uncaught errors go. For now the console only; the analytics
 * beacon (`POST /widget/v1/bots/:botId/events`, type `error`) will be wired in here.
 */
export function reportError(message: string, stack?: string): void {
  console.warn('[parley widget]', message, stack ?? '');
}

type ErrorTarget = Pick<Window, 'addEventListener'>;

function describe(reason: unknown): { message: string; stack?: string } {
  if (reason instanceof Error) return reason.stack === undefined ? { message: reason.message } : { message: reason.message, stack: reason.stack };
  return { message: String(reason) };
}

/** Reports `error` and `unhandledrejection` events of the frame. */
export function installErrorReporting(target: ErrorTarget, report: (message: string, stack?: string) => void = reportError): void {
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

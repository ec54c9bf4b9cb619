import type { FastifyBaseLogger } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;
type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's default level values. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * A request's logger that becomes a real pino child only when something is logged at an enabled
 * level. Fastify makes one child per request, and pino redacts its bindings on creation (about 5 %
 * of the CPU of a cheap route such as resolve); most requests log nothing at `warn`.
 */
export class LazyChildLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;
  #level: string | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {
    this.#level = options.level;
  }

  private real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.#level === undefined ? this.options : { ...this.options, level: this.#level });
    return this.#child;
  }

  private enabled(method: Method): boolean {
    if (this.#child) return true;
    const current = LEVELS[this.level];
    // An unknown (custom) level: let pino decide.
    return current === undefined || (LEVELS[method] ?? 0) >= current;
  }

  /** Fastify checks that the log methods exist: they must not make the child, only a call at an enabled level does. */
  private log(method: Method, args: unknown[]): void {
    if (!this.enabled(method)) return;
    const real = this.real();
    Reflect.apply(real[method], real, args);
  }

  get level(): string {
    return this.#child?.level ?? this.#level ?? this.parent.level;
  }

  set level(level: string) {
    if (this.#child) this.#child.level = level;
    else this.#level = level;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: request loggers made on first use. */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options);
}

import { createHash } from 'node:crypto';
import { circuitBreaker, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { isEndpointFailure } from './llm-error.js';
import type { LlmEndpoint } from './stream-chat-completion.js';

export interface CircuitOptions {
  /** Consecutive failures (timeouts, HTTP errors, bad responses) that open an endpoint's circuit. */
  failures: number;
  /** How long it stays open before one trial call is let through (half-open). */
  cooldownMs: number;
  /** Endpoints remembered at most (the least recently used is forgotten first). */
  maxEndpoints?: number;
}

/**
 * One cockatiel circuit breaker per endpoint: base URL + model + a fingerprint of the key, so one tenant's
 * wrong key cannot open the circuit for every bot on the same provider. The map holds no raw key.
 */
export function createLlmCircuitBreakers(options: CircuitOptions) {
  const breakers = new Map<string, CircuitBreakerPolicy>();
  const max = options.maxEndpoints ?? 1000;
  return {
    for(endpoint: LlmEndpoint): CircuitBreakerPolicy {
      const fingerprint = createHash('sha256')
        .update(endpoint.apiKey ?? '')
        .digest('hex')
        .slice(0, 16);
      const key = `${endpoint.baseUrl}\u0000${endpoint.model}\u0000${fingerprint}`;
      let breaker = breakers.get(key);
      if (breaker) {
        breakers.delete(key);
      } else {
        breaker = circuitBreaker(handleWhen(isEndpointFailure), { halfOpenAfter: options.cooldownMs, breaker: new ConsecutiveBreaker(options.failures) });
      }
      breakers.set(key, breaker);
      if (breakers.size > max) {
        const oldest = breakers.keys().next();
        if (!oldest.done) breakers.delete(oldest.value);
      }
      return breaker;
    },
  };
}
export type LlmCircuitBreakers = ReturnType<typeof createLlmCircuitBreakers>;

/** An `arguments` object (what the snippet's stub pushes) or an array. */
const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  typeof v == 'object' && v !== null && 'length' in v && typeof v.length == 'number';

/**
 * Replays the calls the page made before the loader arrived: the snippet's stub
 * `function(){(Parley.q = Parley.q || []).push(arguments)}` keeps each call's
 * `arguments`. Anything that is not a list of calls is ignored.
 */
export function replay(queue: unknown, run: (args: unknown[]) => void): void {
  if (!Array.isArray(queue)) return;
  // The live array: a call pushed while replaying (to the still-installed stub) runs too, in order.
  const calls: unknown[] = queue;
  for (const call of calls) if (isArrayLike(call)) run(Array.from(call));
}

/** The snippet's stub queue, if `stub` is the stub (a function with a `q` array). */
export function stubQueue(stub: unknown): unknown {
  return typeof stub == 'function' && 'q' in stub ? stub.q : undefined;
}

import { describe, expect, it } from 'vitest';
import { replay, stubQueue } from './queue';

/** The snippet's stub: `function(){(Parley.q = Parley.q || []).push(arguments)}`. */
function snippetStub(): (...args: unknown[]) => void {
  const q: IArguments[] = [];
  return Object.assign(
    function () {
      // eslint-disable-next-line prefer-rest-params -- the real snippet pushes `arguments`
      q.push(arguments);
    },
    { q },
  );
}

describe('command queue', () => {
  it('replays the calls made before the loader arrived, in order, with their arguments', () => {
    const Parley = snippetStub();
    const onReady = () => undefined;
    Parley('on', 'ready', onReady);
    Parley('identify', { userId: 'u1' });
    Parley('open');

    const calls: unknown[][] = [];
    replay(stubQueue(Parley), (args) => calls.push(args));
    expect(calls).toEqual([['on', 'ready', onReady], ['identify', { userId: 'u1' }], ['open']]);
  });

  it('runs calls pushed to the stub while replaying, after the others', () => {
    const queue: unknown[] = [['a'], ['b']];
    const calls: unknown[] = [];
    replay(queue, (args) => {
      calls.push(args[0]);
      if (args[0] === 'a') queue.push(['c']);
    });
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('ignores anything that is not a list of calls', () => {
    const calls: unknown[][] = [];
    const run = (args: unknown[]) => calls.push(args);
    for (const queue of [undefined, null, 'open', 3, { 0: ['open'], length: 1 }]) replay(queue, run);
    replay([null, 'open', 7, { length: 'x' }, ['close']], run);
    expect(calls).toEqual([['close']]);
  });

  it('finds the queue only on the stub function', () => {
    const stub = Object.assign(() => undefined, { q: [['open']] });
    expect(stubQueue(stub)).toEqual([['open']]);
    expect(stubQueue(() => undefined)).toBeUndefined();
    expect(stubQueue({ q: [['open']] })).toBeUndefined();
    expect(stubQueue(undefined)).toBeUndefined();
  });
});

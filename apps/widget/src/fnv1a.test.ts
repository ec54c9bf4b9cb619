import { describe, expect, it } from 'vitest';
import { fnv1a } from './fnv1a.js';

describe('fnv1a', () => {
  it('matches the reference FNV-1a 32-bit values, as 8 hex digits', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });

  it('is stable and tells different stacks apart', () => {
    const stack = 'TypeError: x is undefined\n    at render (https://parley.example/widget/v1/assets/index-abc.js:1:2345)';
    expect(fnv1a(stack)).toBe(fnv1a(`${stack}`));
    expect(fnv1a(stack)).not.toBe(fnv1a(stack.replace('2345', '2346')));
    expect(fnv1a('é😀'.repeat(1000))).toMatch(/^[0-9a-f]{8}$/);
  });
});

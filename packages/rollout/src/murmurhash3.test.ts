import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmurhash3 } from './murmurhash3.js';

describe('murmurhash3', () => {
  // Published MurmurHash3 x86_32 test vectors (checked against a Python port).
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['ab', 0x9747b28c, 0x74875592],
    ['abc', 0, 0xb3dd93fa],
    ['test', 0, 0xba6bd213],
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ])('hashes %j with seed %i to the reference value', (key, seed, expected) => {
    expect(murmurhash3(key, seed)).toBe(expected);
  });

  it('defaults the seed to 0', () => {
    expect(murmurhash3('test')).toBe(murmurhash3('test', 0));
  });

  it('is an unsigned 32-bit integer for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (key, seed) => {
        const hash = murmurhash3(key, seed);
        expect(Number.isInteger(hash)).toBe(true);
        expect(hash).toBeGreaterThanOrEqual(0);
        expect(hash).toBeLessThan(2 ** 32);
      }),
    );
  });
});

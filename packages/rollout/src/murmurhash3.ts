const encoder = new TextEncoder();

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotl32(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function scramble(k: number): number {
  return Math.imul(rotl32(Math.imul(k, C1), 15), C2);
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `key` (the hash Unleash uses for
 * sticky rollouts). Returns an unsigned 32-bit integer. Pure and fast.
 */
export function murmurhash3(key: string, seed = 0): number {
  const bytes = encoder.encode(key);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blockEnd = bytes.length - (bytes.length % 4);
  let h = seed >>> 0;

  for (let i = 0; i < blockEnd; i += 4) {
    h ^= scramble(view.getUint32(i, true));
    h = (Math.imul(rotl32(h, 13), 5) + 0xe6546b64) | 0;
  }

  let tail = 0;
  for (let i = bytes.length - 1; i >= blockEnd; i -= 1) {
    tail = (tail << 8) | view.getUint8(i);
  }
  if (bytes.length > blockEnd) h ^= scramble(tail);

  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

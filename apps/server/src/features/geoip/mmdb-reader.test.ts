import { describe, expect, it } from 'vitest';
import { MmdbFormatError, openMmdb } from './mmdb-reader.js';

// A tiny MMDB writer, enough to build databases by hand for the record sizes and data
// types the bundled database does not use.

type Value = { t: 'str'; v: string } | { t: 'uint32'; v: number } | { t: 'int32'; v: number } | { t: 'uint64'; v: bigint } |
  { t: 'double'; v: number } | { t: 'bool'; v: boolean } | { t: 'bytes'; v: number[] } | { t: 'array'; v: Value[] } |
  { t: 'map'; v: [string, Value][] } | { t: 'pointer'; v: number };

function control(type: number, size: number): Buffer {
  const [sizeBits, extra] =
    size < 29 ? [size, Buffer.alloc(0)] :
    size < 285 ? [29, Buffer.from([size - 29])] :
    [30, Buffer.from([(size - 285) >> 8, (size - 285) & 0xff])];
  return type <= 7 ? Buffer.concat([Buffer.from([(type << 5) | sizeBits]), extra]) : Buffer.concat([Buffer.from([sizeBits, type - 7]), extra]);
}

function encode(value: Value): Buffer {
  switch (value.t) {
    case 'str': {
      const bytes = Buffer.from(value.v, 'utf8');
      return Buffer.concat([control(2, bytes.length), bytes]);
    }
    case 'uint32': {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value.v);
      const trimmed = bytes.subarray(bytes.findIndex((b) => b !== 0) < 0 ? 4 : bytes.findIndex((b) => b !== 0));
      return Buffer.concat([control(6, trimmed.length), trimmed]);
    }
    case 'int32': {
      const bytes = Buffer.alloc(4);
      bytes.writeInt32BE(value.v);
      return Buffer.concat([control(8, 4), bytes]);
    }
    case 'uint64': {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64BE(value.v);
      return Buffer.concat([control(9, 8), bytes]);
    }
    case 'double': {
      const bytes = Buffer.alloc(8);
      bytes.writeDoubleBE(value.v);
      return Buffer.concat([control(3, 8), bytes]);
    }
    case 'bool':
      return control(14, value.v ? 1 : 0);
    case 'bytes':
      return Buffer.concat([control(4, value.v.length), Buffer.from(value.v)]);
    case 'array':
      return Buffer.concat([control(11, value.v.length), ...value.v.map(encode)]);
    case 'map':
      return Buffer.concat([control(7, value.v.length), ...value.v.flatMap(([k, v]) => [encode({ t: 'str', v: k }), encode(v)])]);
    case 'pointer':
      // size bits 0: an 11-bit pointer, enough for these small data sections
      return Buffer.from([(1 << 5) | ((value.v >> 8) & 0x7), value.v & 0xff]);
  }
}

type Entry = { address: number[]; bits: number; offset: number };

function buildMmdb(options: { recordSize: 24 | 28 | 32; ipVersion: 4 | 6; entries: Entry[]; data: Buffer }): Buffer {
  type Slot = { node: number } | { data: number } | null;
  const nodes: [Slot, Slot][] = [[null, null]];
  for (const { address, bits, offset } of options.entries) {
    let node = 0;
    for (let i = 0; i < bits; i++) {
      const bit = ((address[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
      const pair = nodes[node] ?? [null, null];
      if (i === bits - 1) {
        pair[bit] = { data: offset };
      } else {
        const slot = pair[bit];
        if (slot === null || slot === undefined || !('node' in slot)) {
          nodes.push([null, null]);
          pair[bit] = { node: nodes.length - 1 };
        }
        const next = pair[bit];
        node = next !== null && next !== undefined && 'node' in next ? next.node : 0;
      }
    }
  }
  const nodeCount = nodes.length;
  const recordValue = (slot: Slot): number => (slot === null ? nodeCount : 'node' in slot ? slot.node : nodeCount + 16 + slot.data);
  const nodeBytes = options.recordSize / 4;
  const tree = Buffer.alloc(nodeBytes * nodeCount);
  nodes.forEach(([left, right], n) => {
    const l = recordValue(left);
    const r = recordValue(right);
    const base = n * nodeBytes;
    if (options.recordSize === 24) {
      tree.writeUIntBE(l, base, 3);
      tree.writeUIntBE(r, base + 3, 3);
    } else if (options.recordSize === 28) {
      tree.writeUIntBE(l & 0xffffff, base, 3);
      tree.writeUInt8(((l >> 20) & 0xf0) | ((r >> 24) & 0x0f), base + 3);
      tree.writeUIntBE(r & 0xffffff, base + 4, 3);
    } else {
      tree.writeUInt32BE(l, base);
      tree.writeUInt32BE(r, base + 4);
    }
  });
  const metadata = encode({
    t: 'map',
    v: [
      ['node_count', { t: 'uint32', v: nodeCount }],
      ['record_size', { t: 'uint32', v: options.recordSize }],
      ['ip_version', { t: 'uint32', v: options.ipVersion }],
      ['database_type', { t: 'str', v: 'Test-City' }],
      ['build_epoch', { t: 'uint64', v: 1_780_000_000n }],
    ],
  });
  return Buffer.concat([tree, Buffer.alloc(16), options.data, Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1'), metadata]);
}

const sharedCity = encode({ t: 'str', v: 'Hồ Chí Minh' });
const recordA = encode({
  t: 'map',
  v: [
    ['country_code', { t: 'str', v: 'VN' }],
    ['city', { t: 'pointer', v: 0 }],
    ['population', { t: 'uint32', v: 9_000_000 }],
    ['delta', { t: 'int32', v: -5 }],
    ['big', { t: 'uint64', v: 2n ** 63n }],
    ['latitude', { t: 'double', v: 10.82 }],
    ['capital', { t: 'bool', v: false }],
    ['raw', { t: 'bytes', v: [1, 2, 3] }],
    ['tags', { t: 'array', v: [{ t: 'str', v: 'x'.repeat(300) }, { t: 'uint32', v: 0 }] }],
  ],
});
const recordB = encode({ t: 'map', v: [['country_code', { t: 'str', v: 'US' }], ['city', { t: 'pointer', v: 0 }]] });
const data = Buffer.concat([sharedCity, recordA, recordB]);
const offsetA = sharedCity.length;
const offsetB = sharedCity.length + recordA.length;

describe('openMmdb', () => {
  for (const recordSize of [24, 28, 32] as const) {
    it(`reads an IPv4 database with ${recordSize}-bit records`, () => {
      const reader = openMmdb(
        buildMmdb({
          recordSize,
          ipVersion: 4,
          data,
          entries: [
            { address: [14, 160], bits: 16, offset: offsetA },
            { address: [8, 8, 8], bits: 24, offset: offsetB },
          ],
        }),
      );
      expect(reader.metadata).toEqual({ nodeCount: expect.any(Number), recordSize, ipVersion: 4, databaseType: 'Test-City', buildEpoch: 1_780_000_000 });
      const a = reader.get(Uint8Array.from([14, 160, 9, 9]));
      expect(a).toEqual(
        new Map<string, unknown>([
          ['country_code', 'VN'],
          ['city', 'Hồ Chí Minh'],
          ['population', 9_000_000],
          ['delta', -5],
          ['big', 2n ** 63n],
          ['latitude', 10.82],
          ['capital', false],
          ['raw', Uint8Array.from([1, 2, 3])],
          ['tags', ['x'.repeat(300), 0]],
        ]),
      );
      expect(reader.get(Uint8Array.from([8, 8, 8, 8]))).toEqual(new Map([['country_code', 'US'], ['city', 'Hồ Chí Minh']]));
      expect(reader.get(Uint8Array.from([8, 8, 9, 8]))).toBeNull();
      expect(reader.get(Uint8Array.from([1, 1, 1, 1]))).toBeNull();
      expect(reader.get(new Uint8Array(16))).toBeNull(); // IPv6 in an IPv4-only database
    });
  }

  it('finds IPv4 addresses under ::/96 of an IPv6 database', () => {
    const v4 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 160];
    const reader = openMmdb(
      buildMmdb({
        recordSize: 28,
        ipVersion: 6,
        data,
        entries: [
          { address: v4, bits: 96 + 16, offset: offsetA },
          { address: [0x20, 0x01, 0x0e, 0xe0], bits: 32, offset: offsetB },
        ],
      }),
    );
    expect(reader.get(Uint8Array.from([14, 160, 0, 1]))).toBeInstanceOf(Map);
    expect(reader.get(Uint8Array.from([0x20, 0x01, 0x0e, 0xe0, ...new Array<number>(12).fill(7)]))).toEqual(
      new Map([['country_code', 'US'], ['city', 'Hồ Chí Minh']]),
    );
    expect(reader.get(Uint8Array.from([15, 0, 0, 1]))).toBeNull();
  });

  it('refuses files that are not MaxMind databases', () => {
    expect(() => openMmdb(Buffer.from('hello'))).toThrow(MmdbFormatError);
    expect(() => openMmdb(Buffer.concat([Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1'), encode({ t: 'map', v: [] })]))).toThrow(
      MmdbFormatError,
    );
  });
});

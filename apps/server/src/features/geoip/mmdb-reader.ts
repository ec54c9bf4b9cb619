// A small reader for the MaxMind DB (MMDB) format, enough for the GeoIP lookups Parley
// does: the whole file is held in one Buffer, a lookup walks the binary search tree
// bit by bit and decodes the record it ends on.
// Format: https://maxmind.github.io/MaxMind-DB/ (version 2).

export type MmdbValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | readonly MmdbValue[]
  | ReadonlyMap<string, MmdbValue>;

export type MmdbMetadata = {
  nodeCount: number;
  recordSize: 24 | 28 | 32;
  ipVersion: 4 | 6;
  databaseType: string;
  buildEpoch: number;
};

export type MmdbReader = {
  readonly metadata: MmdbMetadata;
  /** The record for the address (4 bytes for IPv4, 16 for IPv6), or null when none. */
  get(address: Uint8Array): MmdbValue | null;
};

const METADATA_MARKER = Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1');
const METADATA_MAX_SIZE = 128 * 1024;
const DATA_SECTION_SEPARATOR = 16;
const MAX_DEPTH = 64;

export class MmdbFormatError extends Error {
  override name = 'MmdbFormatError';
}

/** Parses the metadata and checks the layout; throws MmdbFormatError on a file that is not an MMDB. */
export function openMmdb(buffer: Buffer): MmdbReader {
  const markerAt = buffer.lastIndexOf(METADATA_MARKER);
  if (markerAt < 0 || markerAt < buffer.length - METADATA_MAX_SIZE - METADATA_MARKER.length) {
    throw new MmdbFormatError('no MaxMind DB metadata marker found');
  }
  const metadataStart = markerAt + METADATA_MARKER.length;
  const raw = createDecoder(buffer, metadataStart).decode(metadataStart);
  const metadata = parseMetadata(raw);

  const treeSize = ((metadata.recordSize * 2) / 8) * metadata.nodeCount;
  const dataStart = treeSize + DATA_SECTION_SEPARATOR;
  if (dataStart > markerAt) throw new MmdbFormatError('search tree larger than the file');
  const decoder = createDecoder(buffer, dataStart);
  const readRecord = recordReader(buffer, metadata.recordSize);
  const { nodeCount } = metadata;

  // IPv4 addresses live under ::/96 of an IPv6 tree: find that node once.
  let ipv4Start = 0;
  if (metadata.ipVersion === 6) {
    for (let i = 0; i < 96 && ipv4Start < nodeCount; i++) ipv4Start = readRecord(ipv4Start, 0);
  }

  return {
    metadata,
    get(address) {
      let node: number;
      if (address.length === 4) node = ipv4Start;
      else if (address.length === 16 && metadata.ipVersion === 6) node = 0;
      else return null;

      const bits = address.length * 8;
      for (let i = 0; i < bits && node < nodeCount; i++) {
        const byte = address[i >> 3] ?? 0;
        node = readRecord(node, (byte >> (7 - (i & 7))) & 1);
      }
      if (node <= nodeCount) return null; // == nodeCount: no data; < nodeCount: address too short
      const offset = node - nodeCount - DATA_SECTION_SEPARATOR + dataStart;
      if (offset >= markerAt) throw new MmdbFormatError('record pointer outside the data section');
      return decoder.decode(offset);
    },
  };
}

function recordReader(buffer: Buffer, recordSize: 24 | 28 | 32): (node: number, bit: number) => number {
  switch (recordSize) {
    case 24:
      return (node, bit) => buffer.readUIntBE(node * 6 + bit * 3, 3);
    case 28:
      return (node, bit) => {
        const base = node * 7;
        const middle = buffer.readUInt8(base + 3);
        return bit === 0
          ? (((middle & 0xf0) << 20) | buffer.readUIntBE(base, 3)) >>> 0
          : (((middle & 0x0f) << 24) | buffer.readUIntBE(base + 4, 3)) >>> 0;
      };
    case 32:
      return (node, bit) => buffer.readUInt32BE(node * 8 + bit * 4);
  }
}

type Decoder = { decode(offset: number): MmdbValue };

const DataType = {
  Pointer: 1,
  Utf8String: 2,
  Double: 3,
  Bytes: 4,
  Uint16: 5,
  Uint32: 6,
  Map: 7,
  Int32: 8,
  Uint64: 9,
  Uint128: 10,
  Array: 11,
  Boolean: 14,
  Float: 15,
} as const;

/** Pointers in the data are relative to `base` (the data section, or the metadata itself). */
function createDecoder(buffer: Buffer, base: number): Decoder {
  function decodeAt(offset: number, depth: number): { value: MmdbValue; next: number } {
    if (depth > MAX_DEPTH) throw new MmdbFormatError('data nested too deeply');
    const control = buffer.readUInt8(offset);
    let cursor = offset + 1;
    let type = control >> 5;

    if (type === DataType.Pointer) {
      const sizeBits = (control >> 3) & 0x3;
      const high = control & 0x7;
      let pointer: number;
      if (sizeBits === 0) pointer = (high << 8) | buffer.readUInt8(cursor);
      else if (sizeBits === 1) pointer = ((high << 16) | buffer.readUInt16BE(cursor)) + 2048;
      else if (sizeBits === 2) pointer = high * 0x1000000 + buffer.readUIntBE(cursor, 3) + 526336;
      else pointer = buffer.readUInt32BE(cursor);
      cursor += sizeBits + 1;
      return { value: decodeAt(base + pointer, depth + 1).value, next: cursor };
    }

    if (type === 0) {
      type = 7 + buffer.readUInt8(cursor);
      cursor += 1;
    }
    let size = control & 0x1f;
    if (size === 29) {
      size = 29 + buffer.readUInt8(cursor);
      cursor += 1;
    } else if (size === 30) {
      size = 285 + buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (size === 31) {
      size = 65821 + buffer.readUIntBE(cursor, 3);
      cursor += 3;
    }

    switch (type) {
      case DataType.Utf8String:
        return { value: buffer.toString('utf8', cursor, checkedEnd(cursor, size)), next: cursor + size };
      case DataType.Double:
        if (size !== 8) throw new MmdbFormatError(`double of size ${size}`);
        return { value: buffer.readDoubleBE(cursor), next: cursor + 8 };
      case DataType.Float:
        if (size !== 4) throw new MmdbFormatError(`float of size ${size}`);
        return { value: buffer.readFloatBE(cursor), next: cursor + 4 };
      case DataType.Bytes:
        return { value: new Uint8Array(buffer.subarray(cursor, checkedEnd(cursor, size))), next: cursor + size };
      case DataType.Uint16:
      case DataType.Uint32:
        if (size > 4) throw new MmdbFormatError(`unsigned integer of size ${size}`);
        return { value: size === 0 ? 0 : buffer.readUIntBE(cursor, size), next: cursor + size };
      case DataType.Int32:
        if (size > 4) throw new MmdbFormatError(`int32 of size ${size}`);
        return { value: size === 0 ? 0 : buffer.readIntBE(cursor, size), next: cursor + size };
      case DataType.Uint64:
      case DataType.Uint128: {
        if (size > (type === DataType.Uint64 ? 8 : 16)) throw new MmdbFormatError(`big integer of size ${size}`);
        let value = 0n;
        for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(buffer.readUInt8(cursor + i));
        return { value, next: cursor + size };
      }
      case DataType.Boolean:
        if (size > 1) throw new MmdbFormatError(`boolean of value ${size}`);
        return { value: size === 1, next: cursor };
      case DataType.Map: {
        const map = new Map<string, MmdbValue>();
        for (let i = 0; i < size; i++) {
          const key = decodeAt(cursor, depth + 1);
          if (typeof key.value !== 'string') throw new MmdbFormatError('map key is not a string');
          const entry = decodeAt(key.next, depth + 1);
          map.set(key.value, entry.value);
          cursor = entry.next;
        }
        return { value: map, next: cursor };
      }
      case DataType.Array: {
        const items: MmdbValue[] = [];
        for (let i = 0; i < size; i++) {
          const item = decodeAt(cursor, depth + 1);
          items.push(item.value);
          cursor = item.next;
        }
        return { value: items, next: cursor };
      }
      default:
        throw new MmdbFormatError(`unsupported data type ${type} at ${offset}`);
    }
  }

  function checkedEnd(start: number, size: number): number {
    const end = start + size;
    if (end > buffer.length) throw new MmdbFormatError('value runs past the end of the file');
    return end;
  }

  return { decode: (offset) => decodeAt(offset, 0).value };
}

function parseMetadata(raw: MmdbValue): MmdbMetadata {
  if (!(raw instanceof Map)) throw new MmdbFormatError('metadata is not a map');
  const nodeCount: unknown = raw.get('node_count');
  const recordSize: unknown = raw.get('record_size');
  const ipVersion: unknown = raw.get('ip_version');
  const databaseType: unknown = raw.get('database_type');
  const buildEpoch: unknown = raw.get('build_epoch');
  if (typeof nodeCount !== 'number' || !Number.isInteger(nodeCount) || nodeCount <= 0) {
    throw new MmdbFormatError('metadata node_count missing');
  }
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) {
    throw new MmdbFormatError(`unsupported record_size ${String(recordSize)}`);
  }
  if (ipVersion !== 4 && ipVersion !== 6) throw new MmdbFormatError(`unsupported ip_version ${String(ipVersion)}`);
  return {
    nodeCount,
    recordSize,
    ipVersion,
    databaseType: typeof databaseType === 'string' ? databaseType : '',
    buildEpoch: typeof buildEpoch === 'bigint' ? Number(buildEpoch) : typeof buildEpoch === 'number' ? buildEpoch : 0,
  };
}

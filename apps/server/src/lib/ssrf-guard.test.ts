import { describe, expect, it } from 'vitest';
import { createSsrfGuard, isPublicAddress, SsrfError, type ResolveHost } from './ssrf-guard.js';

/** DNS as a test controls it: each name resolves to the addresses listed. */
const fakeDns =
  (zone: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = zone[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('createSsrfGuard', () => {
  const dns = fakeDns({
    'hooks.example.com': ['93.184.216.34'],
    'rebind.example.com': ['127.0.0.1'],
    'mixed.example.com': ['93.184.216.34', '10.0.0.7'],
    'v6.example.com': ['2606:4700:4700::1111'],
  });
  const guard = createSsrfGuard({ allowPrivate: false, resolve: dns });

  it('vets a public host and pins the address it checked', async () => {
    const target = await guard.check('https://hooks.example.com/in?x=1');
    expect(target).toMatchObject({ hostname: 'hooks.example.com', address: '93.184.216.34', family: 4 });
    expect(target.url.pathname).toBe('/in');
    expect(await guard.check('https://v6.example.com/')).toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
    expect(await guard.check('http://8.8.8.8:8080/')).toMatchObject({ address: '8.8.8.8', family: 4 });
  });

  it.each([
    ['http://127.0.0.1:9000/hook', /127\.0\.0\.1 \(loopback\)/],
    ['http://[::1]/hook', /::1 \(loopback\)/],
    ['http://10.0.0.5/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://[fd00::1]/hook', /uniqueLocal/],
    ['http://100.64.1.1/', /carrierGradeNat/],
    ['http://0.0.0.0/', /unspecified/],
    ['https://rebind.example.com/hook', /rebind\.example\.com resolves to 127\.0\.0\.1/],
    ['https://mixed.example.com/hook', /10\.0\.0\.7 \(private\)/],
    ['https://nowhere.example.com/hook', /could not be resolved/],
    ['ftp://hooks.example.com/', /http or https/],
    ['not a url', /not valid/],
  ])('refuses %s', async (url, message) => {
    const err = await guard.check(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SsrfError);
    expect(err instanceof Error ? err.message : '').toMatch(message);
  });

  it('resolves names with the system resolver by default (localhost is loopback)', async () => {
    await expect(createSsrfGuard({ allowPrivate: false }).check('http://localhost:3000/')).rejects.toThrow(/localhost resolves to .* \(loopback\)/);
  });

  it('refuses a name that does not resolve in time', async () => {
    const slow = createSsrfGuard({ allowPrivate: false, resolve: () => new Promise(() => undefined), resolveTimeoutMs: 50 });
    await expect(slow.check('https://slow.example.com/')).rejects.toThrow(/did not resolve within 50 ms/);
  });

  it('lets private and loopback addresses through when allowed', async () => {
    const open = createSsrfGuard({ allowPrivate: true, resolve: dns });
    expect(await open.check('http://127.0.0.1:9000/hook')).toMatchObject({ address: '127.0.0.1' });
    expect(await open.check('https://rebind.example.com/')).toMatchObject({ address: '127.0.0.1' });
    expect(await open.check('http://[::1]:8080/')).toMatchObject({ hostname: '::1', address: '::1', family: 6 });
  });
});

import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin-allowed.js';

describe('originAllowed', () => {
  const list = ['https://shop.example.com', 'http://localhost:3001', 'https://*.brand.vn'];
  it.each([
    ['https://shop.example.com', true],
    ['HTTPS://SHOP.EXAMPLE.COM', true],
    ['http://shop.example.com', false],
    ['https://shop.example.com:8443', false],
    ['https://evil-shop.example.com', false],
    ['https://shop.example.com.evil.io', false],
    ['http://localhost:3001', true],
    ['http://localhost:3002', false],
    ['https://a.brand.vn', true],
    ['https://a.b.brand.vn', true],
    ['https://brand.vn', false],
    ['https://evilbrand.vn', false],
    ['http://a.brand.vn', false],
    ['null', false],
    [undefined, false],
  ])('%s → %s', (origin, expected) => {
    expect(originAllowed(origin, list)).toBe(expected);
  });
});

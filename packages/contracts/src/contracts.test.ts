import { describe, expect, it } from 'vitest';
import { AllowedOrigin, CreateBotBody, Email, MAX_SEQ, MessageBody, roleAtLeast, roles, SyncRequest, UpdateBotBody } from './index.js';

describe('roles', () => {
  it('orders owner > admin > agent > viewer', () => {
    expect(roles).toEqual(['owner', 'admin', 'agent', 'viewer']);
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('admin', 'admin')).toBe(true);
    expect(roleAtLeast('agent', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'agent')).toBe(false);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });
});

describe('AllowedOrigin', () => {
  it.each([
    ['https://shop.example.com', 'https://shop.example.com'],
    ['HTTPS://Shop.Example.com/', 'https://shop.example.com'],
    ['http://localhost:3001', 'http://localhost:3001'],
    ['https://*.example.com', 'https://*.example.com'],
  ])('accepts %s', (input, output) => {
    expect(AllowedOrigin.parse(input)).toBe(output);
  });

  it.each(['shop.example.com', 'ftp://example.com', 'https://example.com/path', 'https://exa mple.com', 'javascript:alert(1)', 'https://', '*'])(
    'refuses %s',
    (input) => {
      expect(AllowedOrigin.safeParse(input).success).toBe(false);
    },
  );
});

describe('bot bodies', () => {
  it('fills defaults on create and refuses unknown keys', () => {
    expect(CreateBotBody.parse({ name: 'A' })).toEqual({
      name: 'A',
      allowedOrigins: [],
      widgetEnabled: true,
      premium: false,
      locale: 'en',
      requireIdentity: false,
    });
    expect(CreateBotBody.safeParse({ name: 'A', admin: true }).success).toBe(false);
  });

  it('needs at least one field on update', () => {
    expect(UpdateBotBody.safeParse({}).success).toBe(false);
    expect(UpdateBotBody.parse({ premium: true })).toEqual({ premium: true });
  });
});

describe('Email', () => {
  it('normalises case and refuses non-addresses', () => {
    expect(Email.parse('Ada@Example.COM')).toBe('ada@example.com');
    expect(Email.safeParse('ada').success).toBe(false);
  });
});

describe('message limits', () => {
  it('counts a message body in characters (code points), as the widget does: an emoji is one', () => {
    expect(MessageBody.safeParse('💬'.repeat(4000)).success).toBe(true);
    expect(MessageBody.safeParse('💬'.repeat(4001)).success).toBe(false);
    expect(MessageBody.safeParse('x'.repeat(4001)).success).toBe(false);
  });
  it('keeps seqs within a PostgreSQL integer', () => {
    expect(SyncRequest.safeParse({ afterSeq: MAX_SEQ }).success).toBe(true);
    expect(SyncRequest.safeParse({ afterSeq: MAX_SEQ + 1 }).success).toBe(false);
  });
});

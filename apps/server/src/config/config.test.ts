import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for the embedded mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const config = loadConfig({ PARLEY_DATA_DIR: dir });
      expect(config).toMatchObject({
        env: 'development',
        port: 3000,
        host: '127.0.0.1',
        publicUrl: 'http://127.0.0.1:3000',
        bodyLimit: 1_048_576,
        database: { url: undefined, dataDir: join(dir, 'pglite') },
      });
      expect(config.auth.secureCookies).toBe(false);
      // A generated secret is kept, so sessions survive restarts.
      expect(config.secretKey).toBe(readFileSync(join(dir, 'secret.key'), 'utf8'));
      expect(loadConfig({ PARLEY_DATA_DIR: dir }).secretKey).toBe(config.secretKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every variable and derives secure cookies from an https PUBLIC_URL', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://chat.example.com/',
      DATABASE_URL: 'postgres://u:p@db:5432/parley',
      SECRET_KEY: 'x'.repeat(32),
      SESSION_TTL_HOURS: '2',
      TRUST_PROXY: 'true',
      BODY_LIMIT_BYTES: '2048',
    });
    expect(config.publicUrl).toBe('https://chat.example.com');
    expect(config.auth.secureCookies).toBe(true);
    expect(config.auth.sessionTtlMs).toBe(7_200_000);
    expect(config.database.url).toBe('postgres://u:p@db:5432/parley');
    expect(config.trustProxy).toBe(true);
    expect(config.bodyLimit).toBe(2048);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', PARLEY_DATA_DIR: 'memory://' }).port).toBe(3000);
  });

  it('lists every problem at once', () => {
    const attempt = () => loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PARLEY_DATA_DIR: 'memory://' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('keeps widget events 180 days and webhook deliveries 30 by default, forever with 0, and refuses a negative or fractional count', () => {
    const base = { PARLEY_DATA_DIR: 'memory://' };
    expect(loadConfig(base).retentionDays).toEqual({ widgetEvents: 180, webhookDeliveries: 30 });
    expect(loadConfig({ ...base, WIDGET_EVENT_RETENTION_DAYS: '0', WEBHOOK_DELIVERY_RETENTION_DAYS: '7' }).retentionDays).toEqual({ widgetEvents: 0, webhookDeliveries: 7 });
    expect(() => loadConfig({ ...base, WIDGET_EVENT_RETENTION_DAYS: '-1' })).toThrow(/WIDGET_EVENT_RETENTION_DAYS/);
    expect(() => loadConfig({ ...base, WIDGET_EVENT_RETENTION_DAYS: '1.5' })).toThrow(/WIDGET_EVENT_RETENTION_DAYS/);
    expect(() => loadConfig({ ...base, WEBHOOK_DELIVERY_RETENTION_DAYS: 'month' })).toThrow(/WEBHOOK_DELIVERY_RETENTION_DAYS/);
  });

  it('requires a strong SECRET_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY: required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toThrow(/at least 32/);
  });

  it('takes a process for dead only after several missed heartbeats', () => {
    expect(loadConfig({ PARLEY_DATA_DIR: 'memory://' }).followUps).toEqual({ heartbeatMs: 5_000, deadAfterMs: 30_000 });
    expect(loadConfig({ PARLEY_DATA_DIR: 'memory://', FOLLOW_UP_HEARTBEAT_MS: '100', FOLLOW_UP_DEAD_AFTER_MS: '300' }).followUps).toEqual({ heartbeatMs: 100, deadAfterMs: 300 });
    expect(() => loadConfig({ PARLEY_DATA_DIR: 'memory://', FOLLOW_UP_HEARTBEAT_MS: '1000', FOLLOW_UP_DEAD_AFTER_MS: '2000' })).toThrow(/FOLLOW_UP_DEAD_AFTER_MS: must be at least 3/);
    expect(() => loadConfig({ PARLEY_DATA_DIR: 'memory://', FOLLOW_UP_HEARTBEAT_MS: '10' })).toThrow(/FOLLOW_UP_HEARTBEAT_MS/);
  });
});

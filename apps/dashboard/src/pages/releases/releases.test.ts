import { describe, expect, it } from 'vitest';
import { completeWidgetConfig, type Release } from '@parley/contracts';
import { configPathLabel, configToForm, formFieldForPath, formToConfig } from './configForm';
import { diffConfig, formatConfigValue } from './diffConfig';
import { armShares, formToExperiment } from './experimentForm';
import { formatInterval, formatMs, formatPercent, formatPValue, formatSignedPercent } from './format';
import { defaultPolicyForm, formToPolicy, parseSteps } from './policyForm';
import { timelineReleases } from './timelineWording';
import { parseVerdict, verdictTone } from './verdict';

const base = completeWidgetConfig({ texts: { title: 'Help' }, greeting: 'Hi' });

describe('diffConfig', () => {
  it('finds no change between equal configs', () => {
    expect(diffConfig(base, structuredClone(base))).toEqual([]);
  });
  it('lists changed leaves with dotted paths, in field order', () => {
    const next = { ...base, theme: { ...base.theme, color: '#000000' }, greeting: 'Hello', locale: 'vi' };
    expect(diffConfig(base, next)).toEqual([
      { path: 'theme.color', before: '#4f46e5', after: '#000000' },
      { path: 'greeting', before: 'Hi', after: 'Hello' },
      { path: 'locale', before: 'en', after: 'vi' },
    ]);
  });
  it('reports fields present on one side only', () => {
    expect(diffConfig({ a: 1, n: { x: true } }, { n: { x: true, y: false }, b: 2 })).toEqual([
      { path: 'a', before: 1, after: undefined },
      { path: 'n.y', before: undefined, after: false },
      { path: 'b', before: undefined, after: 2 },
    ]);
  });
  it('compares arrays as whole values', () => {
    expect(diffConfig({ s: [1, 2] }, { s: [1, 2] })).toEqual([]);
    expect(diffConfig({ s: [1, 2] }, { s: [1, 3] })).toHaveLength(1);
  });
  it('formats values for the table', () => {
    expect(formatConfigValue(undefined)).toBe('—');
    expect(formatConfigValue('')).toBe('(empty)');
    expect(formatConfigValue(true)).toBe('on');
    expect(formatConfigValue(3)).toBe('3');
  });
});

describe('config form', () => {
  it('round-trips a config', () => {
    const result = formToConfig(configToForm(base));
    expect(result).toEqual({ ok: true, config: base });
  });
  it('maps every field', () => {
    const form = { ...configToForm(base), color: '#123abc', position: 'left' as const, tabLiveSupport: true, simulateCrash: true };
    const result = formToConfig(form);
    expect(result.ok && result.config.theme).toEqual({ color: '#123abc', position: 'left', launcherText: '' });
    expect(result.ok && result.config.tabs.liveSupport).toBe(true);
    expect(result.ok && result.config.features.simulateCrash).toBe(true);
  });
  it('reports schema errors on the form field', () => {
    const result = formToConfig({ ...configToForm(base), color: 'blue', title: 'x'.repeat(61) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['color', 'title']);
      expect(result.errors.color).toMatch(/colour/);
    }
  });
  it('maps server error paths to form fields', () => {
    expect(formFieldForPath('config.theme.color')).toBe('color');
    expect(formFieldForPath('/body/config/texts/awayMessage')).toBe('awayMessage');
    expect(formFieldForPath('features.simulateCrash')).toBe('simulateCrash');
    expect(formFieldForPath('semver')).toBeUndefined();
  });
});

describe('policy form', () => {
  it('accepts the defaults', () => {
    expect(formToPolicy(defaultPolicyForm)).toEqual({
      ok: true,
      policy: { steps: [5, 25, 50, 100], minStepDurationMinutes: 10, minSamplePerStep: 200, maxErrorRate: 0.05, maxP95LoadMs: 2000 },
    });
  });
  it('converts the error rate percentage exactly', () => {
    const r = formToPolicy({ ...defaultPolicyForm, maxErrorRatePercent: '7' });
    expect(r.ok && r.policy.maxErrorRate).toBe(0.07);
  });
  it('refuses bad steps', () => {
    expect(parseSteps('5 25;50%,100')).toEqual({ steps: [5, 25, 50, 100] });
    expect(parseSteps('')).toHaveProperty('error');
    expect(parseSteps('0, 50')).toHaveProperty('error');
    expect(parseSteps('50, 120')).toHaveProperty('error');
    expect(parseSteps('50, 25')).toEqual({ error: 'steps must increase' });
    expect(parseSteps('10, x')).toHaveProperty('error');
  });
  it('reports each bad field', () => {
    const r = formToPolicy({ steps: '50, 10', minStepMinutes: '-1', minSample: '1.5', maxErrorRatePercent: '', maxP95Ms: '0' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['maxErrorRatePercent', 'maxP95Ms', 'minSample', 'minStepMinutes', 'steps']);
  });
});

describe('experiment form', () => {
  const a = '00000000-0000-4000-8000-000000000001';
  const b = '00000000-0000-4000-8000-000000000002';
  it('builds the body', () => {
    const r = formToExperiment({ name: ' Greeting ', arms: [{ releaseId: a, weight: '50' }, { releaseId: b, weight: '50' }], goalKind: 'event', eventName: 'purchase' });
    expect(r).toEqual({ ok: true, body: { name: 'Greeting', arms: [{ releaseId: a, weight: 50 }, { releaseId: b, weight: 50 }], goal: { kind: 'event', event: 'purchase' } } });
  });
  it('refuses one arm, duplicate releases, bad weights and a missing event', () => {
    const r = formToExperiment({ name: '', arms: [{ releaseId: a, weight: '0' }, { releaseId: a, weight: '1' }], goalKind: 'event', eventName: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(4);
    expect(formToExperiment({ name: 'x', arms: [{ releaseId: a, weight: '1' }], goalKind: 'open_rate', eventName: '' }).ok).toBe(false);
  });
  it('computes shares', () => {
    expect(armShares([1, 1, 2])).toEqual([25, 25, 50]);
    expect(armShares([0, Number.NaN])).toEqual([0, 0]);
  });
});

describe('formatting', () => {
  it('formats rates, times and p-values', () => {
    expect(formatPercent(0.0523)).toBe('5.23%');
    expect(formatPercent(null)).toBe('—');
    expect(formatSignedPercent(0.012)).toBe('+1.20%');
    expect(formatSignedPercent(-0.012)).toBe('-1.20%');
    expect(formatMs(1234.5)).toBe('1,235 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.04567)).toBe('0.046');
    expect(formatInterval([-0.012, 0.034])).toBe('[-1.20%, +3.40%]');
  });
});

describe('verdict', () => {
  it('reads the judge shapes', () => {
    expect(parseVerdict({ verdict: 'rollback', reasons: ['error rate 12% > 5%'], errorRate: 0.12 })).toEqual({
      verdict: 'rollback',
      reasons: ['error rate 12% > 5%'],
      at: null,
      details: { errorRate: 0.12 },
    });
    expect(parseVerdict({ decision: 'hold', reasons: [{ code: 'low_sample', message: 'not enough data' }], at: '2025-01-01T00:00:00Z' })?.reasons).toEqual(['not enough data']);
    expect(parseVerdict({ outcome: 'promote', reason: 'healthy' })?.reasons).toEqual(['healthy']);
    expect(parseVerdict(null)).toBeNull();
    expect(parseVerdict({ nothing: 1 })).toBeNull();
    expect(verdictTone('rollback')).toBe('bad');
    expect(verdictTone('promote')).toBe('good');
    expect(verdictTone('hold')).toBe('neutral');
  });
});

describe('configPathLabel', () => {
  it('names a config path as the editor does, and keeps a path it has no field for', () => {
    expect(configPathLabel('theme.launcherText')).toBe('Launcher text');
    expect(configPathLabel('tabs.liveSupport')).toBe('Live support tab');
    expect(configPathLabel('locale')).toBe('Widget language');
    expect(configPathLabel('theme.unknown')).toBe('theme.unknown');
  });
});

describe('timelineReleases', () => {
  const release = (id: string, semver: string): Release => ({
    id,
    botId: 'b',
    semver,
    status: 'published',
    active: false,
    config: base,
    runtime: 'r',
    changelog: '',
    createdBy: null,
    createdAt: '2026-11-23T00:00:00.000Z',
    publishedBy: null,
    publishedAt: null,
    assetUrl: '',
  });
  const releases = [release('a', '1.0.0'), release('b', '1.1.0')];
  it('says "was" only when another release became active', () => {
    expect(timelineReleases({ kind: 'publish', releaseId: 'b', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.1.0', relation: 'was v1.0.0' });
    expect(timelineReleases({ kind: 'canary_promote', releaseId: 'b', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.1.0', relation: 'was v1.0.0' });
    expect(timelineReleases({ kind: 'publish', releaseId: 'a', previousReleaseId: null }, releases)).toEqual({ release: 'v1.0.0', relation: null });
  });
  it('names what a canary or an experiment is measured against', () => {
    expect(timelineReleases({ kind: 'canary_abort', releaseId: 'b', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.1.0', relation: 'against v1.0.0' });
    expect(timelineReleases({ kind: 'experiment_start', releaseId: 'b', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.1.0', relation: 'against v1.0.0 (control)' });
  });
  it('names no change for an experiment stopped without a winner or with the active release', () => {
    expect(timelineReleases({ kind: 'experiment_stop', releaseId: null, previousReleaseId: 'a' }, releases)).toEqual({ release: null, relation: null });
    expect(timelineReleases({ kind: 'experiment_stop', releaseId: 'a', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.0.0', relation: null });
    expect(timelineReleases({ kind: 'experiment_stop', releaseId: 'b', previousReleaseId: 'a' }, releases)).toEqual({ release: 'v1.1.0', relation: 'was v1.0.0' });
  });
});

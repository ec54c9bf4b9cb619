import { describe, expect, it } from 'vitest';
import { compileRules, matchRules, maxRulePatternLength, unsafeRegexReason } from './compile-rules.js';

describe('compileRules and matchRules', () => {
  it('matches exact rules on the whole normalized message', () => {
    const { rules, errors } = compileRules([{ kind: 'exact', pattern: 'Hi!', intent: 'greeting' }]);
    expect(errors).toEqual([]);
    expect(matchRules(rules, '  hi ')?.intent).toBe('greeting');
    expect(matchRules(rules, 'hi there')).toBeNull();
  });

  it('matches keyword rules on whole words, accents ignored', () => {
    const { rules } = compileRules([{ kind: 'keyword', pattern: 'Giao hàng', intent: 'shipping' }]);
    expect(matchRules(rules, 'Shop giao hang mất bao lâu?')?.intent).toBe('shipping');
    expect(matchRules(rules, 'giao hangxyz')).toBeNull();
  });

  it('runs regex rules case-insensitively on normalized text with folded pattern accents', () => {
    const { rules, errors } = compileRules([
      { kind: 'regex', pattern: '\\border (\\d{4,})\\b', intent: 'order_status' },
      { kind: 'regex', pattern: 'mã (giảm|khuyến) (giá|mãi)', intent: 'price' },
    ]);
    expect(errors).toEqual([]);
    expect(matchRules(rules, 'Where is ORDER #12345?')?.intent).toBe('order_status');
    expect(matchRules(rules, 'co ma giam gia khong')?.intent).toBe('price');
  });

  it('evaluates exact, then keyword, then regex rules, in the given order within a kind', () => {
    const { rules } = compileRules([
      { kind: 'regex', pattern: 'refund', intent: 'regex-refund' },
      { kind: 'keyword', pattern: 'refund', intent: 'keyword-refund' },
      { kind: 'keyword', pattern: 'refund', intent: 'second-keyword' },
      { kind: 'exact', pattern: 'refund', intent: 'exact-refund' },
    ]);
    expect(matchRules(rules, 'refund')?.intent).toBe('exact-refund');
    expect(matchRules(rules, 'I want a refund')?.intent).toBe('keyword-refund');
    expect(matchRules(rules, 'refunds')?.intent).toBe('regex-refund');
  });

  it('reports invalid, empty, too long and catastrophic patterns instead of throwing', () => {
    const { rules, errors } = compileRules([
      { kind: 'regex', pattern: '([a-z', intent: 'x' },
      { kind: 'regex', pattern: '(a+)+$', intent: 'x' },
      { kind: 'keyword', pattern: '?!', intent: 'x' },
      { kind: 'exact', pattern: 'a'.repeat(maxRulePatternLength + 1), intent: 'x' },
      { kind: 'keyword', pattern: 'ok', intent: ' ' },
      { kind: 'keyword', pattern: 'fine', intent: 'fine' },
    ]);
    expect(errors.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(errors[0]?.message).toMatch(/Invalid regular expression/);
    expect(errors[1]?.message).toMatch(/Nested quantifiers/);
    expect(rules).toHaveLength(1);
  });

  it('bounds the input a regex sees', () => {
    const { rules } = compileRules([{ kind: 'regex', pattern: 'needle$', intent: 'found' }]);
    expect(matchRules(rules, `${'hay '.repeat(1000)}needle`)).toBeNull();
    expect(matchRules(rules, 'hay needle')?.intent).toBe('found');
  });

  it('returns null for blank messages', () => {
    const { rules } = compileRules([{ kind: 'regex', pattern: '.*', intent: 'any' }]);
    expect(matchRules(rules, ' ?! ')).toBeNull();
  });
});

describe('unsafeRegexReason', () => {
  it.each(['(a+)+', '(a*)*', '(a|aa)+', '(.*a){3,}', '((ab)*)+', '(\\w+\\s?)*$', '(a)\\1'])('rejects %s', (source) => {
    expect(unsafeRegexReason(source)).not.toBeNull();
  });

  it.each(['a+b*', '(ab)+', '(hi|hello) there', '[(+*)]+', 'order \\d{4,}', '(a+)?', '\\(a+\\)+'])('accepts %s', (source) => {
    expect(unsafeRegexReason(source)).toBeNull();
  });
});

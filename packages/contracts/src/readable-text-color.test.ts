import { describe, expect, it } from 'vitest';
import { readableTextColor } from './readable-text-color.js';

describe('readableTextColor', () => {
  it('picks white on dark colors and near-black on light ones', () => {
    expect(readableTextColor('#000000')).toBe('#ffffff');
    expect(readableTextColor('#0055ff')).toBe('#ffffff');
    expect(readableTextColor('#7b1fa2')).toBe('#ffffff');
    expect(readableTextColor('#ffffff')).toBe('#111111');
    expect(readableTextColor('#ffeb3b')).toBe('#111111');
    expect(readableTextColor('#00e5ff')).toBe('#111111');
  });
});

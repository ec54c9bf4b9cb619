import { describe, expect, it } from 'vitest';
import { memoryStorage, safeStorage } from './storage.js';

describe('safeStorage', () => {
  it('falls back to memory when storage is blocked (third-party frame)', () => {
    const storage = safeStorage(() => {
      throw new Error('SecurityError');
    });
    storage.setItem('a', '1');
    expect(storage.getItem('a')).toBe('1');
  });

  it('keeps a memory copy when a write fails (quota)', () => {
    const backing = memoryStorage();
    let full = false;
    const storage = safeStorage(() => ({
      getItem: (k) => backing.getItem(k),
      setItem: (k, v) => {
        if (full) throw new Error('QuotaExceededError');
        backing.setItem(k, v);
      },
      removeItem: (k) => backing.removeItem(k),
    }));
    full = true;
    storage.setItem('a', '1');
    expect(storage.getItem('a')).toBe('1');
  });
});

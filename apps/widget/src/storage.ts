/** The part of `localStorage` the widget uses; injected so that logic runs in tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * `localStorage` when the browser lets this third-party frame use it, else memory.
 * Writes that fail (quota, storage blocked later) fall back to memory, never throw.
 */
export function safeStorage(get: () => KeyValueStorage = () => localStorage): KeyValueStorage {
  const memory = memoryStorage();
  let store: KeyValueStorage;
  try {
    store = get();
    const probe = '__parley_probe__';
    store.setItem(probe, '1');
    store.removeItem(probe);
  } catch {
    return memory;
  }
  return {
    getItem(key) {
      try {
        return store.getItem(key) ?? memory.getItem(key);
      } catch {
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      memory.setItem(key, value);
      try {
        store.setItem(key, value);
      } catch {
        // keep the memory copy
      }
    },
    removeItem(key) {
      memory.removeItem(key);
      try {
        store.removeItem(key);
      } catch {
        // nothing to do
      }
    },
  };
}

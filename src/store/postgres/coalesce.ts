/**
 * @module Point reads asked for together, answered in one round trip: the keys asked for before
 * the event loop next turns (a guard reading every cited report with Promise.all) are read by one
 * statement instead of one each, which over a network queue behind the pool's few connections.
 */

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * A reader of one key at a time whose calls made together are served by one `load` of all their
 * keys (each distinct key once). `load` returns what it found by key; a key it did not find
 * resolves to undefined, and a failed load rejects every call it served.
 */
export function coalesced<V>(
  load: (keys: string[]) => Promise<Map<string, V>>,
): (key: string) => Promise<V | undefined> {
  let pending: Map<string, Waiter<V>[]> | undefined;
  const flush = async (batch: Map<string, Waiter<V>[]>) => {
    let found: Map<string, V>;
    try {
      found = await load([...batch.keys()]);
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
      return;
    }
    for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Waiter<V>[]>();
        pending = batch;
        // After the calls made in this turn and in the promise jobs they start.
        setImmediate(() => {
          pending = undefined;
          void flush(batch);
        });
      }
      const waiters = pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
    });
}

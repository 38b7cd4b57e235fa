// Bounded memos for values a process computes again and again with the same key (serialised bootstraps; in tests and
// the offline render, parsed manifests, keys, validations).

/** `memo`'s value for `key`, else `make()` kept under it; once `limit` entries are kept, the oldest goes first. */
export function remember<K, V>(memo: Map<K, V>, key: K, limit: number, make: () => V): V {
    if (memo.has(key)) return memo.get(key)!;
    const value = make();
    if (memo.size >= limit) memo.delete(memo.keys().next().value!);
    memo.set(key, value);
    return value;
}

import { createHash } from 'node:crypto';

/** A Map that forgets its oldest entry beyond `limit` entries: the caches of immutable things. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}

/** A strong ETag for what `key` identifies completely (a release, a format, a language...). */
export const etagOf = (key: string) => `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;

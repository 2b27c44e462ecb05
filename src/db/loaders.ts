import DataLoader from 'dataloader';
import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: one that is not a uuid names nothing, and must not reach SQL as a type error. */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

/**
 * The per-request DataLoaders. One generic pair (`byId`, `byForeignKey`) serves every relation;
 * a module adds its own batch query with `custom`. Never shared between requests.
 */
export class Loaders {
  private readonly cache = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly manager: EntityManager) {}

  private memo<K, V>(key: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.cache.get(key);
    if (!loader) {
      loader = make() as DataLoader<unknown, unknown>;
      this.cache.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  private name(entity: EntityTarget<ObjectLiteral>): string {
    return this.manager.connection.getMetadata(entity).name;
  }

  byId<T extends ObjectLiteral>(entity: EntityTarget<T>): DataLoader<string, T | null> {
    return this.memo(`id:${this.name(entity)}`, () =>
      new DataLoader<string, T | null>(async (ids) => {
        const valid = ids.filter(isUuid);
        const rows = valid.length
          ? await this.manager.find(entity, { where: { id: In([...new Set(valid)]) } as never })
          : [];
        const byId = new Map(rows.map((row) => [row.id as string, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
  }

  /** Rows whose `property` equals each key, in `orderBy` order. */
  byForeignKey<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    property: keyof T & string,
    orderBy: Partial<Record<keyof T & string, 'ASC' | 'DESC'>> = {},
  ): DataLoader<string, T[]> {
    return this.memo(`fk:${this.name(entity)}:${property}:${JSON.stringify(orderBy)}`, () =>
      new DataLoader<string, T[]>(async (keys) => {
        const valid = [...new Set(keys.filter(isUuid))];
        const rows = valid.length
          ? await this.manager.find(entity, { where: { [property]: In(valid) } as never, order: orderBy as never })
          : [];
        const groups = new Map<string, T[]>();
        for (const row of rows) {
          const key = row[property] as string;
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
        return keys.map((key) => groups.get(key) ?? []);
      }),
    );
  }

  /** A loader of a module's own batch query, memoised under `key` for the request. */
  custom<K, V>(key: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V> {
    return this.memo(`custom:${key}`, () => new DataLoader<K, V>(batch, options));
  }
}

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
        // Rows loaded through a relation are then known by id too: a later byId of one costs nothing.
        const ids = this.byId(entity);
        for (const row of rows) {
          ids.prime(row.id as string, row);
          const key = row[property] as string;
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
        return keys.map((key) => groups.get(key) ?? []);
      }),
    );
  }

  /**
   * The `target` rows that an ordered link table attaches to each owner, in link position order:
   * e.g. a session's speakers through session_speaker. One statement per batch.
   */
  linked<L extends ObjectLiteral, T extends ObjectLiteral>(
    link: EntityTarget<L>,
    ownerProperty: keyof L & string,
    targetProperty: keyof L & string,
    target: EntityTarget<T>,
  ): DataLoader<string, T[]> {
    return this.memo(`link:${this.name(link)}:${ownerProperty}:${targetProperty}`, () =>
      new DataLoader<string, T[]>(async (owners) => {
        const valid = [...new Set(owners.filter(isUuid))];
        const groups = new Map<string, T[]>();
        if (valid.length) {
          const { raw, entities } = await this.manager
            .createQueryBuilder(target, 't')
            .innerJoin(this.manager.connection.getMetadata(link).target as never, 'l', `l.${targetProperty} = t.id`)
            .addSelect(`l.${ownerProperty}`, 'link_owner')
            .where(`l.${ownerProperty} IN (:...owners)`, { owners: valid })
            .orderBy('l.position', 'ASC')
            .getRawAndEntities();
          // Entities come back once each; the raw rows keep one line per link, in order.
          const byId = new Map(entities.map((entity) => [entity.id as string, entity]));
          for (const row of raw as Array<Record<string, string>>) {
            const entity = byId.get(row.t_id);
            if (!entity) continue;
            const group = groups.get(row.link_owner);
            if (group) group.push(entity);
            else groups.set(row.link_owner, [entity]);
          }
        }
        return owners.map((owner) => groups.get(owner) ?? []);
      }),
    );
  }

  /** A loader of a module's own batch query, memoised under `key` for the request. */
  custom<K, V>(key: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V> {
    return this.memo(`custom:${key}`, () => new DataLoader<K, V>(batch, options));
  }
}

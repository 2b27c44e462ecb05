import DataLoader from 'dataloader';
import { BatchedReads, uuidArray } from './batched-reads';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: one that is not a uuid names nothing, and must not reach SQL as a type error. */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

/**
 * How the rows of one entity's table become entities: the selected columns and their properties.
 * Loaders read with plain SQL and this mapping; TypeORM's query building and hydration were the
 * largest cost of the full programme in a CPU profile.
 */
interface RowMapping {
  table: string;
  select: string;
  columns: Array<{ column: string; property: string; from?: (value: unknown) => unknown }>;
  prototype: object;
  columnOf(property: string): string;
}

const mappings = new WeakMap<DataSource, Map<unknown, RowMapping>>();

function mappingOf(source: DataSource, entity: EntityTarget<ObjectLiteral>): RowMapping {
  let bySource = mappings.get(source);
  if (!bySource) mappings.set(source, (bySource = new Map()));
  let mapping = bySource.get(entity);
  if (!mapping) {
    const metadata = source.getMetadata(entity);
    const selected = metadata.columns.filter((c) => c.isSelect);
    const columns = selected.map((c) => ({
      column: c.databaseName,
      property: c.propertyName,
      from: c.transformer && !Array.isArray(c.transformer) ? (v: unknown) => (c.transformer as { from(v: unknown): unknown }).from(v) : undefined,
    }));
    const byProperty = new Map(metadata.columns.map((c) => [c.propertyName, c.databaseName]));
    mapping = {
      table: metadata.tableName,
      select: selected.map((c) => `t."${c.databaseName}"`).join(', '),
      columns,
      prototype: (metadata.target as { prototype: object }).prototype,
      columnOf: (property) => {
        const column = byProperty.get(property);
        if (!column) throw new Error(`${metadata.name} has no column for ${property}`);
        return column;
      },
    };
    bySource.set(entity, mapping);
  }
  return mapping;
}

function toEntity<T>(mapping: RowMapping, row: Record<string, unknown>): T {
  const entity = Object.create(mapping.prototype) as Record<string, unknown>;
  for (const { column, property, from } of mapping.columns) entity[property] = from ? from(row[column]) : row[column];
  return entity as T;
}

type Order<T> = Partial<Record<keyof T & string, 'ASC' | 'DESC'>>;

/**
 * The per-request DataLoaders. One generic pair (`byId`, `byForeignKey`) serves every relation;
 * a module adds its own batch query with `custom`. Never shared between requests.
 */
export class Loaders {
  private readonly cache = new Map<string, DataLoader<unknown, unknown>>();
  private readonly reads: BatchedReads;

  constructor(private readonly manager: EntityManager) {
    this.reads = new BatchedReads(manager);
  }

  private memo<K, V>(key: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.cache.get(key);
    if (!loader) {
      loader = make() as DataLoader<unknown, unknown>;
      this.cache.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  private mapping(entity: EntityTarget<ObjectLiteral>): RowMapping {
    return mappingOf(this.manager.connection, entity);
  }

  private orderBy(mapping: RowMapping, order: Record<string, 'ASC' | 'DESC'>, alias = 't'): string {
    const terms = Object.entries(order).map(([property, direction]) => `${alias}."${mapping.columnOf(property)}" ${direction}`);
    return terms.length ? ` ORDER BY ${terms.join(', ')}` : '';
  }

  byId<T extends ObjectLiteral>(entity: EntityTarget<T>): DataLoader<string, T | null> {
    const mapping = this.mapping(entity);
    return this.memo(`id:${mapping.table}`, () =>
      new DataLoader<string, T | null>(async (ids) => {
        const valid = [...new Set(ids.filter(isUuid))];
        const rows: Record<string, unknown>[] = valid.length
          ? await this.reads.read(`SELECT ${mapping.select} FROM "${mapping.table}" t WHERE t.id = ANY(${uuidArray(valid)})`)
          : [];
        const byId = new Map(rows.map((row) => [row.id as string, toEntity<T>(mapping, row)]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
  }

  /**
   * A row of a small reference table (local authorities): the whole table is read once per request,
   * so that however many places of a query ask for such rows, and whenever, it costs one statement.
   */
  fromTable<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string): Promise<T | null> {
    const mapping = this.mapping(entity);
    const table = this.memo(`table:${mapping.table}`, () =>
      new DataLoader<'all', Map<string, T>>(async (keys) => {
        const rows = await this.reads.read(`SELECT ${mapping.select} FROM "${mapping.table}" t`);
        const all = new Map(rows.map((row) => [row.id as string, toEntity<T>(mapping, row)]));
        return keys.map(() => all);
      }),
    );
    return table.load('all').then((all) => all.get(id) ?? null);
  }

  /** Rows whose `property` equals each key, in `orderBy` order. */
  byForeignKey<T extends ObjectLiteral>(entity: EntityTarget<T>, property: keyof T & string, orderBy: Order<T> = {}): DataLoader<string, T[]> {
    const mapping = this.mapping(entity);
    const key = mapping.columnOf(property);
    return this.memo(`fk:${mapping.table}:${property}:${JSON.stringify(orderBy)}`, () =>
      new DataLoader<string, T[]>(async (keys) => {
        const valid = [...new Set(keys.filter(isUuid))];
        const rows = valid.length
          ? await this.reads.read(
              `SELECT ${mapping.select} FROM "${mapping.table}" t WHERE t."${key}" = ANY(${uuidArray(valid)})${this.orderBy(mapping, orderBy as Record<string, 'ASC' | 'DESC'>)}`,
            )
          : [];
        const groups = new Map<string, T[]>();
        // Rows loaded through a relation are then known by id too: a later byId of one costs nothing.
        const ids = this.byId(entity);
        for (const row of rows) {
          const item = toEntity<T>(mapping, row);
          ids.prime(row.id as string, item);
          const group = groups.get(row[key] as string);
          if (group) group.push(item);
          else groups.set(row[key] as string, [item]);
        }
        return keys.map((k) => groups.get(k) ?? []);
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
    const links = this.mapping(link);
    const mapping = this.mapping(target);
    const owner = links.columnOf(ownerProperty);
    const targetColumn = links.columnOf(targetProperty);
    return this.memo(`link:${links.table}:${ownerProperty}:${targetProperty}`, () =>
      new DataLoader<string, T[]>(async (owners) => {
        const valid = [...new Set(owners.filter(isUuid))];
        const groups = new Map<string, T[]>();
        if (valid.length) {
          const rows = await this.reads.read(
            `SELECT l."${owner}" AS link_owner, ${mapping.select}
               FROM "${links.table}" l JOIN "${mapping.table}" t ON t.id = l."${targetColumn}"
              WHERE l."${owner}" = ANY(${uuidArray(valid)})
              ORDER BY l.position`,
          );
          for (const row of rows) {
            const item = toEntity<T>(mapping, row);
            const group = groups.get(row.link_owner as string);
            if (group) group.push(item);
            else groups.set(row.link_owner as string, [item]);
          }
        }
        return owners.map((o) => groups.get(o) ?? []);
      }),
    );
  }

  /** A loader of a module's own batch query, memoised under `key` for the request. */
  custom<K, V>(key: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V> {
    return this.memo(`custom:${key}`, () => new DataLoader<K, V>(batch, options));
  }
}

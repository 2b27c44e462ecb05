import { Versioned } from '../common/base-columns';
import { ChangeAction } from '../common/enums';
import { Conflict, NotFound } from '../common/errors';
import { diff, FieldChanges, recordChange } from './changes/change-trail';
import type { DataContext } from './context';
import { isUuid } from './loaders';

// The one way an editable record is created, changed or deleted: each write is versioned,
// audited and announced in the caller's transaction.

export interface VersionedTarget<T extends Versioned> {
  /** The entity class; its name is the GraphQL type name, as the audit trail and errors name it. */
  entity: new () => T;
  editionIdOf: (row: T, tx: DataContext) => string | null | Promise<string | null>;
}

/** The row, locked until the transaction ends; NOT_FOUND when it does not exist. */
export async function lockForWrite<T extends Versioned>(tx: DataContext, target: VersionedTarget<T>, id: string): Promise<T> {
  const row = isUuid(id)
    ? await tx.manager.findOne(target.entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row) throw new NotFound(target.entity, id);
  return row;
}

/**
 * The row, locked until the transaction ends, at the version the caller saw: NOT_FOUND when it does
 * not exist; then `allowed(row)`, the caller's right over it, checked before the version so that
 * only those allowed learn of later changes; then CONFLICT, naming who changed it last and when,
 * when its version has moved on. The lock makes concurrent writers queue: the first wins, the
 * others then see a newer version.
 */
export async function lockVersioned<T extends Versioned>(
  tx: DataContext,
  target: VersionedTarget<T>,
  id: string,
  expectedVersion: number,
  allowed?: (row: T) => void | Promise<void>,
): Promise<T> {
  const row = await lockForWrite(tx, target, id);
  await allowed?.(row);
  if (row.version !== expectedVersion) throw await conflictOver(tx, target, row);
  return row;
}

/** CONFLICT with what the caller needs to decide: the current version, who changed it and when (in the edition's zone). */
async function conflictOver<T extends Versioned>(tx: DataContext, target: VersionedTarget<T>, row: T): Promise<Conflict> {
  const editionId = await target.editionIdOf(row, tx);
  const [facts]: Array<{ updated_by: string | null; time_zone: string | null }> = await tx.manager.query(
    `SELECT (SELECT display_name FROM person WHERE id = $1) AS updated_by, (SELECT time_zone FROM edition WHERE id = $2) AS time_zone`,
    [row.updatedById, editionId],
  );
  return new Conflict(target.entity, row.id, {
    currentVersion: row.version,
    updatedBy: facts.updated_by,
    updatedAt: row.updatedAt,
    timeZone: facts.time_zone,
  });
}

export async function createVersioned<T extends Versioned>(
  tx: DataContext,
  target: VersionedTarget<T>,
  values: Partial<T>,
  /** Writes what hangs off the new row (its links) and returns those changes for the audit row. */
  afterInsert?: (row: T) => Promise<FieldChanges>,
): Promise<T> {
  const now = tx.now();
  const row = tx.manager.create(target.entity, {
    ...values,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedById: tx.actor?.person.id ?? null,
  } as never) as T;
  await tx.manager.insert(target.entity, row as never);
  const extraChanges = afterInsert ? await afterInsert(row) : {};
  await recordChange(tx, {
    editionId: await target.editionIdOf(row, tx),
    action: ChangeAction.CREATE,
    entityType: target.entity.name,
    entityId: row.id,
    changes: { ...diff(null, values as Record<string, unknown>), ...extraChanges },
  });
  return row;
}

/**
 * Applies `patch` to `row`, which the caller has locked (lockVersioned, lockForWrite) in this
 * transaction: its version goes up by one, and the trail records what changed, with `extraChanges`
 * (changes that are not columns of the row, such as its links).
 */
export async function updateVersioned<T extends Versioned>(
  tx: DataContext,
  target: VersionedTarget<T>,
  row: T,
  patch: Partial<T>,
  extraChanges: FieldChanges = {},
): Promise<T> {
  const changes = { ...diff(row as unknown as Record<string, unknown>, patch as Record<string, unknown>), ...extraChanges };
  const set = {
    ...patch,
    version: row.version + 1,
    updatedAt: tx.now(),
    updatedById: tx.actor?.person.id ?? null,
  };
  await tx.manager.update(target.entity, { id: row.id } as never, set as never);
  Object.assign(row, set);
  await recordChange(tx, {
    editionId: await target.editionIdOf(row, tx),
    action: ChangeAction.UPDATE,
    entityType: target.entity.name,
    entityId: row.id,
    changes,
  });
  return row;
}

/** Deletes `row`, which the caller has locked in this transaction, and records it. */
export async function deleteVersioned<T extends Versioned>(tx: DataContext, target: VersionedTarget<T>, row: T): Promise<T> {
  const editionId = await target.editionIdOf(row, tx);
  await tx.manager.delete(target.entity, { id: row.id } as never);
  await recordChange(tx, {
    editionId,
    action: ChangeAction.DELETE,
    entityType: target.entity.name,
    entityId: row.id,
    changes: {},
  });
  return row;
}

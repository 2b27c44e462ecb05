import { EntityTarget } from 'typeorm';
import { Versioned } from '../common/base-columns';
import { ChangeAction } from '../common/enums';
import { Conflict, NotFound } from '../common/errors';
import { diff, FieldChanges, recordChange } from './changes/change-trail';
import type { DataContext } from './context';
import { isUuid } from './loaders';

// The one way an editable record is created, changed or deleted: each write is versioned,
// audited and announced in the caller's transaction.

interface Target<T extends Versioned> {
  entity: EntityTarget<T>;
  /** The GraphQL type name, as the audit trail and errors name it. */
  typeName: string;
  editionIdOf: (row: T, tx: DataContext) => string | null | Promise<string | null>;
}

export interface WriteOptions<T> {
  /** The row, when the caller has already locked it with lockForWrite. */
  current?: T;
  /** Changes that are not columns of the row, such as its links (speakerIds...), for the audit trail. */
  extraChanges?: FieldChanges;
}

/** The row, locked until the transaction ends; NOT_FOUND when it does not exist. */
export async function lockForWrite<T extends Versioned>(tx: DataContext, target: Target<T>, id: string): Promise<T> {
  const row = isUuid(id)
    ? await tx.manager.findOne(target.entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row) throw new NotFound(target.typeName, id);
  return row;
}

export async function createVersioned<T extends Versioned>(
  tx: DataContext,
  target: Target<T>,
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
    entityType: target.typeName,
    entityId: row.id,
    changes: { ...diff(null, values as Record<string, unknown>), ...extraChanges },
  });
  return row;
}

/**
 * Applies `patch` when `expectedVersion` is the current version, else CONFLICT with the current one.
 * The row lock makes concurrent writers queue: the first wins, the others then see a newer version.
 */
export async function updateVersioned<T extends Versioned>(
  tx: DataContext,
  target: Target<T>,
  id: string,
  expectedVersion: number,
  patch: Partial<T>,
  options: WriteOptions<T> = {},
): Promise<T> {
  const row = options.current ?? (await lockForWrite(tx, target, id));
  if (row.version !== expectedVersion) throw new Conflict(target.typeName, row.version);
  const changes = { ...diff(row as unknown as Record<string, unknown>, patch as Record<string, unknown>), ...options.extraChanges };
  const set = {
    ...patch,
    version: row.version + 1,
    updatedAt: tx.now(),
    updatedById: tx.actor?.person.id ?? null,
  };
  const result = await tx.manager.update(target.entity, { id, version: expectedVersion } as never, set as never);
  if (result.affected !== 1) throw new Conflict(target.typeName, row.version + 1);
  Object.assign(row, set);
  await recordChange(tx, {
    editionId: await target.editionIdOf(row, tx),
    action: ChangeAction.UPDATE,
    entityType: target.typeName,
    entityId: id,
    changes,
  });
  return row;
}

export async function deleteVersioned<T extends Versioned>(
  tx: DataContext,
  target: Target<T>,
  id: string,
  expectedVersion: number,
  current?: T,
): Promise<T> {
  const row = current ?? (await lockForWrite(tx, target, id));
  if (row.version !== expectedVersion) throw new Conflict(target.typeName, row.version);
  const editionId = await target.editionIdOf(row, tx);
  await tx.manager.delete(target.entity, { id } as never);
  await recordChange(tx, {
    editionId,
    action: ChangeAction.DELETE,
    entityType: target.typeName,
    entityId: id,
    changes: {},
  });
  return row;
}

export type { Target as VersionedTarget };

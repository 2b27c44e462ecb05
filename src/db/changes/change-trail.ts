import { ChangeAction } from '../../common/enums';
import { changedLanguages, isLocalizedTextValue } from '../../common/localized-text';
import type { DataContext } from '../context';
import { ChangeEvent } from './change-event.entity';

// The audit trail: every change, in the transaction that makes it, announced once it commits.

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** The NOTIFY channel that carries committed changes to every instance's subscribers; the payload is the event's feed position. */
export const PROGRAM_CHANNEL = 'program_changed';

export interface ChangeRecord {
  editionId: string | null;
  action: ChangeAction;
  /** The GraphQL type name of what changed, e.g. Session. */
  entityType: string;
  entityId: string;
  changes: FieldChanges;
}

/**
 * Writes the audit row in the caller's transaction. Its feed position and its NOTIFY come from a
 * trigger as the transaction commits (migrations/1764400000000-change-feed-position.ts): PostgreSQL
 * delivers a NOTIFY only on commit, so subscribers never hear of a change that rolled back.
 */
export async function recordChange(tx: DataContext, change: ChangeRecord): Promise<ChangeEvent> {
  const at = tx.now();
  const actorId = tx.actor?.person.id ?? null;
  const rows: Array<{ id: string }> = await tx.manager.query(
    `INSERT INTO change_event (edition_id, at, actor_id, action, entity_type, entity_id, changes)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [change.editionId, at, actorId, change.action, change.entityType, change.entityId, JSON.stringify(change.changes)],
  );
  return Object.assign(new ChangeEvent(), change, { id: rows[0].id, at, actorId });
}

const comparable = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * Field-by-field {from, to} of what differs between `before` and `after` (only the keys of `after`).
 * A text in several languages records only the languages that changed.
 */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before ? before[key] ?? null : null;
    if (before && (from !== null || to !== null) && isLocalizedTextValue(from) && isLocalizedTextValue(to)) {
      const languages = changedLanguages(from, to);
      if (languages) changes[key] = languages;
      continue;
    }
    if (JSON.stringify(comparable(from)) !== JSON.stringify(comparable(to))) {
      changes[key] = { from: comparable(from), to: comparable(to) };
    }
  }
  return changes;
}

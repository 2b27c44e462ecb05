import { EntityManager, In } from 'typeorm';
import { can, demand, demandSignedIn, managingSeat, Right } from '../../auth/rights';
import { ChangeAction, ReleaseApprovalRule, ReleaseChangeKind, ReleaseStatus } from '../../common/enums';
import { BadUserInput, InvalidState, NotFound } from '../../common/errors';
import { isUuid } from '../../db/loaders';
import { normalizeLocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DESCRIPTION_MAX, localizedTextProblems } from '../../common/validation';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { recordChange } from '../../db/changes/change-trail';
import { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { ReleaseCache } from './release.cache';
import { ProgramRelease } from './release.entity';
import { changesBetween, snapshotOf } from './release.snapshot';
import type { ProgramSnapshot, ReleaseChangeValue } from './release.types';
import { NotificationKind } from '../notifications/notification.kinds';
import { editionFacts, linkTo, notify, releaseReaders } from '../notifications/notification.service';

export const versionOf = (release: Pick<ProgramRelease, 'major' | 'minor'>) => `${release.major}.${release.minor}`;

/**
 * Oldest first: 0.1, 0.2, ... Only their ids are read each time; the releases themselves, immutable,
 * come from memory once read (their snapshots are parsed once, not per request).
 */
export async function releasesOf(ctx: RequestContext, edition: Edition): Promise<ProgramRelease[]> {
  const ids = await ctx.loaders
    .custom<string, string[]>('release-ids', async (editionIds) => {
      const rows: Array<{ edition_id: string; id: string }> = await ctx.manager.query(
        `SELECT edition_id, id FROM program_release WHERE edition_id = ANY($1::uuid[]) AND status = 'PUBLISHED' ORDER BY major, minor`,
        [[...editionIds]],
      );
      return editionIds.map((editionId) => rows.filter((r) => r.edition_id === editionId).map((r) => r.id));
    })
    .load(edition.id);
  return releasesByIds(ctx.releaseCache, ctx.manager, ids);
}

/**
 * Edition id → id of its newest release, in one statement per batch that reads ids only (primed by
 * the release answers plugin). The release itself, immutable, comes from memory once read.
 */
export function latestReleaseLoader(ctx: RequestContext) {
  return ctx.loaders.custom<string, string | null>('latest-release', async (editionIds) => {
    const rows: Array<{ edition_id: string; id: string }> = await ctx.manager.query(
      `SELECT DISTINCT ON (edition_id) edition_id, id FROM program_release
        WHERE edition_id = ANY($1::uuid[]) AND status = 'PUBLISHED' ORDER BY edition_id, major DESC, minor DESC`,
      [[...editionIds]],
    );
    const byEdition = new Map(rows.map((r) => [r.edition_id, r.id]));
    return editionIds.map((id) => byEdition.get(id) ?? null);
  });
}

/** The editions numbered `numbers` that exist, with the id of each one's latest release: one statement. */
export async function latestReleaseIdsByNumber(
  manager: EntityManager,
  numbers: number[],
): Promise<Array<{ number: number; edition_id: string; release_id: string | null }>> {
  if (!numbers.length) return [];
  return manager.query(
    `SELECT e.number, e.id AS edition_id,
            (SELECT r.id FROM program_release r WHERE r.edition_id = e.id AND r.status = 'PUBLISHED' ORDER BY r.major DESC, r.minor DESC LIMIT 1) AS release_id
       FROM edition e WHERE e.number = ANY($1::int[]) ORDER BY e.number`,
    [numbers],
  );
}

export async function latestRelease(ctx: RequestContext, edition: Edition): Promise<ProgramRelease | null> {
  const id = await latestReleaseLoader(ctx).load(edition.id);
  return id ? releaseById(ctx.releaseCache, ctx.manager, id) : null;
}

/**
 * Freezes the draft as the edition's next release: 0.1, 0.2, ... or, when `final`, the next major
 * version (1.0). Publications of one edition are serialised by a lock on the edition's row.
 * Under BOTH_COMMITTEES, a president's or secretariat's release waits for the other committee (an
 * admin's is public at once); one published while another waits replaces it, and its changelog says so.
 */
export async function publishProgram(
  ctx: RequestContext,
  editionId: string,
  notes: LocalizedTextValue | null | undefined,
  final: boolean,
): Promise<ProgramRelease> {
  demandSignedIn(ctx, Right.ManageEdition);
  const edition = await requireEdition(ctx, editionId);
  demand(ctx, Right.ManageEdition, edition.id);
  const problems = localizedTextProblems(notes, DESCRIPTION_MAX, false);
  if (problems.length) throw new BadUserInput([{ field: 'notes', problems }]);
  return inTransaction(ctx, async (tx) => {
    const [{ release_approval: rule }] = await tx.manager.query('SELECT release_approval FROM edition WHERE id = $1 FOR UPDATE', [edition.id]);
    const previous = await tx.manager.findOne(ProgramRelease, {
      where: { editionId: edition.id, status: ReleaseStatus.PUBLISHED }, order: { major: 'DESC', minor: 'DESC' },
    });
    const waiting = await tx.manager.findOne(ProgramRelease, { where: { editionId: edition.id, status: ReleaseStatus.AWAITING_APPROVAL } });
    const seat = managingSeat(tx, edition.id);
    const waits = rule === ReleaseApprovalRule.BOTH_COMMITTEES && seat !== null;
    const publisher = tx.actor?.person.id ?? null;
    if (waiting) await replace(tx, waiting);
    const snapshot = await snapshotOf(tx, edition);
    const [major, minor] = !previous ? (final ? [1, 0] : [0, 1]) : final ? [previous.major + 1, 0] : [previous.major, previous.minor + 1];
    const changes = changesBetween((previous?.snapshot as ProgramSnapshot | undefined) ?? null, snapshot);
    if (waiting) changes.unshift(replacementNote(waiting));
    const release = tx.manager.create(ProgramRelease, {
      editionId: edition.id,
      major,
      minor,
      publishedAt: tx.now(),
      publishedById: publisher,
      notes: normalizeLocalizedText(notes),
      snapshot,
      changes,
      status: waits ? ReleaseStatus.AWAITING_APPROVAL : ReleaseStatus.PUBLISHED,
      committeeId: seat?.committeeId ?? null,
      approvedByIds: publisher ? [publisher] : [],
      rejectionReason: null,
    });
    await tx.manager.insert(ProgramRelease, release as never);
    await recordChange(tx, {
      editionId: edition.id,
      action: ChangeAction.CREATE,
      entityType: ProgramRelease.name,
      entityId: release.id,
      changes: { version: { from: previous ? versionOf(previous) : null, to: versionOf(release) }, status: { from: null, to: release.status } },
    });
    await notify(tx, {
      kind: NotificationKind.RELEASE_PUBLISHED,
      editionId: edition.id,
      entityType: ProgramRelease.name,
      entityId: release.id,
      facts: { edition: await editionFacts(tx, edition.id), release: versionOf(release), link: linkTo(tx, `/editions/${edition.number}/program.html`) },
      recipients: await releaseReaders(tx, edition.id),
    });
    return release;
  });
}

const REPLACED: LocalizedTextValue = {
  fr: "Remplacée par une version publiée pendant qu'elle attendait l'approbation de l'autre comité.",
  ja: 'もう一方の委員会の承認待ちの間に公開された新しい版に差し替えられました。',
  en: 'Replaced by a release published while it awaited the other committee\'s approval.',
};

/** The waiting release gives way to a newer one: it is never public, and its version number goes to the newer one. */
async function replace(tx: RequestContext, waiting: ProgramRelease): Promise<void> {
  await tx.manager.update(ProgramRelease, { id: waiting.id }, { status: ReleaseStatus.REJECTED, rejectionReason: REPLACED });
  await recordChange(tx, {
    editionId: waiting.editionId,
    action: ChangeAction.UPDATE,
    entityType: ProgramRelease.name,
    entityId: waiting.id,
    changes: { status: { from: ReleaseStatus.AWAITING_APPROVAL, to: ReleaseStatus.REJECTED }, rejectionReason: { from: null, to: REPLACED } },
  });
}

/** The changelog's first line when a release replaces one that waited. */
function replacementNote(waiting: ProgramRelease): ReleaseChangeValue {
  const version = versionOf(waiting);
  const at = waiting.publishedAt.toISOString().slice(0, 16).replace('T', ' ');
  return {
    kind: ReleaseChangeKind.CHANGED,
    entityType: 'ProgramRelease',
    entityId: waiting.id,
    summary: {
      fr: `Remplace la version ${version} du ${at} UTC, qui attendait l'approbation de l'autre comité.`,
      ja: `承認待ちだった版 ${version}（${at} UTC）に代わる版です。`,
      en: `Replaces release ${version} of ${at} UTC, which was awaiting the other committee's approval.`,
    },
  };
}

/** Releases waiting for the other committee: for the edition's committee members and admins; nobody else sees them. */
export async function pendingReleases(ctx: RequestContext, edition: Edition): Promise<ProgramRelease[]> {
  demandSignedIn(ctx, Right.ReadPendingReleases);
  if (!can(ctx, Right.ReadPendingReleases, edition.id)) return [];
  return ctx.manager.find(ProgramRelease, { where: { editionId: edition.id, status: ReleaseStatus.AWAITING_APPROVAL }, order: { major: 'ASC', minor: 'ASC' } });
}

/**
 * The other committee's decision on a waiting release: approved, it becomes public and the latest; refused,
 * it never will. The release's row is locked, so of two decisions at once the second finds it decided.
 */
async function decide(ctx: RequestContext, id: string, approve: boolean, reason?: LocalizedTextValue | null): Promise<ProgramRelease> {
  demandSignedIn(ctx, Right.ApproveRelease);
  if (reason !== undefined) {
    const problems = localizedTextProblems(reason, DESCRIPTION_MAX, false);
    if (problems.length) throw new BadUserInput([{ field: 'reason', problems }]);
  }
  return inTransaction(ctx, async (tx) => {
    const release = isUuid(id) ? await tx.manager.findOne(ProgramRelease, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    // Committee members and admins know of waiting releases; to anyone else a release not public does not exist.
    if (!release || (release.status !== ReleaseStatus.PUBLISHED && !can(tx, Right.ReadPendingReleases, release.editionId))) {
      throw new NotFound(ProgramRelease, id);
    }
    demand(tx, Right.ApproveRelease, release.editionId, release.committeeId);
    if (release.status !== ReleaseStatus.AWAITING_APPROVAL) {
      throw new InvalidState('releaseNotAwaiting', { status: release.status, allowed: [ReleaseStatus.AWAITING_APPROVAL] });
    }
    const patch: Partial<ProgramRelease> = approve
      ? { status: ReleaseStatus.PUBLISHED, approvedByIds: [...release.approvedByIds, tx.actor!.person.id], publishedAt: tx.now() }
      : { status: ReleaseStatus.REJECTED, rejectionReason: normalizeLocalizedText(reason) };
    await tx.manager.update(ProgramRelease, { id: release.id }, patch as never);
    await recordChange(tx, {
      editionId: release.editionId,
      action: ChangeAction.UPDATE,
      entityType: ProgramRelease.name,
      entityId: release.id,
      changes: { status: { from: release.status, to: patch.status } },
    });
    return Object.assign(release, patch);
  });
}

export const approveRelease = (ctx: RequestContext, id: string) => decide(ctx, id, true);
export const rejectRelease = (ctx: RequestContext, id: string, reason: LocalizedTextValue | null | undefined) => decide(ctx, id, false, reason ?? null);

export const snapshotOfRelease = (release: ProgramRelease) => release.snapshot as ProgramSnapshot;
export const changesOfRelease = (release: ProgramRelease) => release.changes as ReleaseChangeValue[];

/** The release an export asks for (latest when `version` is empty), read in one statement. */
export async function publishedRelease(
  cache: ReleaseCache,
  manager: EntityManager,
  editionNumber: number,
  version?: string,
): Promise<{ edition: 'missing' } | { edition: 'found'; release: ProgramRelease | null }> {
  const match = version ? /^(\d{1,4})\.(\d{1,4})$/.exec(version) : null;
  if (version && !match) return { edition: 'found', release: null };
  const rows: Array<{ edition_id: string; release_id: string | null }> = await manager.query(
    `SELECT e.id AS edition_id, r.id AS release_id
       FROM edition e
       LEFT JOIN LATERAL (
         SELECT id FROM program_release r
          WHERE r.edition_id = e.id AND r.status = 'PUBLISHED' AND ($2::int IS NULL OR (r.major = $2 AND r.minor = $3))
          ORDER BY r.major DESC, r.minor DESC LIMIT 1) r ON true
      WHERE e.number = $1`,
    [editionNumber, match ? Number(match[1]) : null, match ? Number(match[2]) : null],
  );
  if (!rows.length) return { edition: 'missing' };
  const id = rows[0].release_id;
  return { edition: 'found', release: id ? await releaseById(cache, manager, id) : null };
}

/** The releases of `ids`, in that order: a release never changes, so those not in memory yet are read in one statement, and kept. */
async function releasesByIds(cache: ReleaseCache, manager: EntityManager, ids: string[]): Promise<ProgramRelease[]> {
  const known = new Map(ids.flatMap((id) => {
    const release = cache.release(id);
    return release ? [[id, release] as const] : [];
  }));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    for (const release of await manager.find(ProgramRelease, { where: { id: In(missing) } })) {
      known.set(release.id, release);
      // Published is final; a release still waiting may yet change.
      if (release.status === ReleaseStatus.PUBLISHED) cache.keepRelease(release);
    }
  }
  return ids.flatMap((id) => known.get(id) ?? []);
}

async function releaseById(cache: ReleaseCache, manager: EntityManager, id: string): Promise<ProgramRelease | null> {
  return (await releasesByIds(cache, manager, [id]))[0] ?? null;
}

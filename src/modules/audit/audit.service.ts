import { can, demand, Right } from '../../auth/rights';
import { BadUserInput, problem } from '../../common/errors';
import { ChangeEvent } from '../../db/changes/change-event.entity';
import type { ChangeNotice } from '../../db/changes/change-hub';
import type { FieldChanges } from '../../db/changes/change-trail';
import { canReadEveryRecord, canReadRecord } from '../authority-records/authority-records';
import type { RequestContext } from '../context';
import type { Edition } from '../editions/edition.entity';
import { Participation } from '../participation/participation.entity';
import { Suggestion } from '../suggestions/suggestion.entity';
import { Ballot } from '../themes/ballot.entity';

/**
 * Ballots are secret outside the committees: a ballot's event (who voted, and when) reaches only
 * those who may see votes as they go; others never learn that one happened, in the history or live.
 */
const seesBallotEvents = (ctx: RequestContext) => can(ctx, Right.SeeVoteProgress);

/** The changes of an edition as they commit, without those the subscriber may not see. */
export function visibleNotices(ctx: RequestContext, notices: AsyncIterableIterator<ChangeNotice>): AsyncIterableIterator<ChangeNotice> {
  if (seesBallotEvents(ctx)) return notices;
  return {
    async next() {
      for (;;) {
        const result = await notices.next();
        if (result.done || result.value.entityType !== Ballot.name) return result;
      }
    },
    return: () => notices.return!(),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** An edition's trail, newest first, a page of `limit` events before the event `before`. */
export async function historyOf(ctx: RequestContext, edition: Edition, limit: number | null, before?: string | null): Promise<ChangeEvent[]> {
  demand(ctx, Right.ReadDraft);
  limit ??= 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw BadUserInput.field('limit', problem('range', { min: 1, max: 500 }));
  if (before !== undefined && before !== null && !/^\d{1,18}$/.test(before)) throw BadUserInput.field('before', problem('changeEventId'));
  const query = ctx.manager
    .createQueryBuilder(ChangeEvent, 'e')
    .where('e.editionId = :editionId', { editionId: edition.id })
    .orderBy('e.id', 'DESC')
    .limit(limit);
  if (before) query.andWhere('e.id < :before', { before });
  if (!seesBallotEvents(ctx)) query.andWhere('e.entityType <> :ballot', { ballot: Ballot.name });
  return query.getMany();
}

/** The records of a local authority whose changes the trail shows only to those who may read them. */
const AUTHORITY_RECORDS: Record<string, typeof Suggestion | typeof Participation> = {
  [Suggestion.name]: Suggestion,
  [Participation.name]: Participation,
};

/**
 * The trail (Edition.history, programChanged) is open to every signed-in user; the changes of another
 * authority's suggestion or form are not, so they read as {} there. Its bare existence stays visible.
 */
export async function visibleChanges(ctx: RequestContext, event: ChangeEvent): Promise<FieldChanges> {
  const entity = AUTHORITY_RECORDS[event.entityType];
  if (!entity || canReadEveryRecord(ctx)) return event.changes;
  const record = await ctx.loaders.byId<Suggestion | Participation>(entity).load(event.entityId);
  return record && canReadRecord(ctx, record) ? event.changes : {};
}

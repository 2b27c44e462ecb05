import { can, demand, Right } from '../../auth/rights';
import { BadUserInput, problem } from '../../common/errors';
import { ChangeEvent } from '../../db/changes/change-event.entity';
import type { FieldChanges } from '../../db/changes/change-trail';
import { isDatabaseUnavailable } from '../../db/unavailable';
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
  const record = await oncePerEvent(event, 'record', () => ctx.loaders.byId<Suggestion | Participation>(entity).load(event.entityId));
  return record && canReadRecord(ctx, record) ? event.changes : {};
}

/**
 * Whether `ctx`'s caller is shown the event at all, in the feed (programChanged): the one place that
 * decides which events a subscriber receives.
 */
export function shownTo(ctx: RequestContext, event: ChangeEvent): boolean {
  return event.entityType !== Ballot.name || seesBallotEvents(ctx);
}

/** The events of a followed feed that the subscriber may see. */
export function feedFor(ctx: RequestContext, feed: AsyncIterableIterator<ChangeEvent>): AsyncIterableIterator<ChangeEvent> {
  return {
    async next() {
      for (;;) {
        const result = await feed.next();
        if (result.done || shownTo(ctx, result.value)) return result;
      }
    },
    return: () => feed.return!(),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** How long a subscription's event waits for the database to come back before it comes as an error. */
const FEED_PATIENCE_MS = 5 * 60_000;

/** Runs `work`, again after a pause each time the database is unavailable, for up to FEED_PATIENCE_MS. */
export async function whileUnavailable<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() - started > FEED_PATIENCE_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

const loadedPerEvent = new WeakMap<ChangeEvent, Map<string, Promise<unknown>>>();

/**
 * What an event's fields read (its actor, its record), read once for all who receive it: the feed
 * hands one event object to every subscriber of an instance. Kept as long as the event is.
 */
export function oncePerEvent<T>(event: ChangeEvent, what: string, load: () => Promise<T>): Promise<T> {
  let loaded = loadedPerEvent.get(event);
  if (!loaded) loadedPerEvent.set(event, (loaded = new Map()));
  let promise = loaded.get(what) as Promise<T> | undefined;
  if (!promise) {
    loaded.set(what, (promise = load()));
    // A failed read (the database away) is not kept: the next subscriber reads again.
    promise.catch(() => loaded!.delete(what));
  }
  return promise;
}

import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { canReadDraft, demand } from '../../auth/permissions';
import { BadUserInput, NotFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import type { ChangeNotice } from '../../db/change-hub';
import { isUuid, Loaders } from '../../db/loaders';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import { ChangeEvent } from './change-event.entity';

@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  @FieldResolver(() => Person, { nullable: true })
  actor(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return event.actorId ? ctx.loaders.byId(Person).load(event.actorId) : null;
  }

  @Subscription(() => ChangeEvent, {
    description: "Every change to the edition's programme, themes, ballots and suggestions, as it is committed.",
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      demand(ctx, canReadDraft(ctx), 'follow the draft programme');
      if (!isUuid(args.editionId) || !(await ctx.loaders.byId(Edition).load(args.editionId))) throw new NotFound('Edition', args.editionId);
      return ctx.changes.subscribe(args.editionId);
    },
  })
  async programChanged(
    @Root() notice: ChangeNotice,
    @Arg('editionId', () => ID) _editionId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ChangeEvent> {
    // The subscription's context lives as long as the connection: read each event afresh.
    const event = await ctx.manager.findOne(ChangeEvent, { where: { id: notice.eventId } });
    ctx.loaders = new Loaders(ctx.manager);
    return event!;
  }
}

@Resolver(() => Edition)
export class EditionHistoryResolver {
  @FieldResolver(() => [ChangeEvent], { description: "Audit trail of every change to this edition's data, newest first." })
  history(
    @Root() edition: Edition,
    @Ctx() ctx: RequestContext,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit: number | null,
    @Arg('before', () => ID, { nullable: true }) before?: string | null,
  ): Promise<ChangeEvent[]> {
    demand(ctx, canReadDraft(ctx), 'read the history of the programme');
    limit ??= 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw BadUserInput.field('limit', 'must be from 1 to 500');
    if (before !== undefined && before !== null && !/^\d{1,18}$/.test(before)) throw BadUserInput.field('before', 'must be the id of a change event');
    const query = ctx.manager
      .createQueryBuilder(ChangeEvent, 'e')
      .where('e.editionId = :editionId', { editionId: edition.id })
      .orderBy('e.id', 'DESC')
      .limit(limit);
    if (before) query.andWhere('e.id < :before', { before });
    return query.getMany();
  }
}

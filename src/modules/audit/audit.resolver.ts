import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { demand, Right } from '../../auth/rights';
import { NotFound } from '../../common/errors';
import { JSONScalar } from '../../common/scalars';
import { ChangeEvent } from '../../db/changes/change-event.entity';
import type { ChangeNotice } from '../../db/changes/change-hub';
import type { FieldChanges } from '../../db/changes/change-trail';
import { isUuid, Loaders } from '../../db/loaders';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import * as audit from './audit.service';

@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  @FieldResolver(() => Person, { nullable: true })
  actor(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return event.actorId ? ctx.loaders.byId(Person).load(event.actorId) : null;
  }

  /** Hides the changes of other authorities' suggestions and forms from the trail's readers. */
  @FieldResolver(() => JSONScalar, { description: 'Changed fields, each as {from, to}.' })
  changes(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<FieldChanges> {
    return audit.visibleChanges(ctx, event);
  }

  @Subscription(() => ChangeEvent, {
    description: "Every change to the edition's programme, themes, ballots and suggestions, as it is committed.",
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      demand(ctx, Right.ReadDraft);
      if (!isUuid(args.editionId) || !(await ctx.loaders.byId(Edition).load(args.editionId))) throw new NotFound(Edition, args.editionId);
      return audit.visibleNotices(ctx, ctx.changes.subscribe(args.editionId));
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
    return audit.historyOf(ctx, edition, limit, before);
  }
}

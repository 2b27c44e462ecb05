import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { demand, Right } from '../../auth/rights';
import { BadUserInput, NotFound, problem } from '../../common/errors';
import { JSONScalar } from '../../common/scalars';
import { ChangeEvent } from '../../db/changes/change-event.entity';
import type { FieldChanges } from '../../db/changes/change-trail';
import { isUuid, Loaders } from '../../db/loaders';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import * as audit from './audit.service';

@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  /** Read once per event, whoever asks: a feed event is one object shared by an instance's subscribers. */
  @FieldResolver(() => Person, { nullable: true })
  actor(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    const actorId = event.actorId;
    return actorId ? audit.oncePerEvent(event, 'actor', () => ctx.loaders.byId(Person).load(actorId)) : null;
  }

  @FieldResolver(() => String, {
    description: 'Its place in the feed, in commit order: hand the last one received to programChanged(after:) to get every change committed since.',
  })
  cursor(@Root() event: ChangeEvent): string {
    return event.position;
  }

  /** Hides the changes of other authorities' suggestions and forms from the trail's readers. */
  @FieldResolver(() => JSONScalar, { description: 'Changed fields, each as {from, to}.' })
  changes(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<FieldChanges> {
    return audit.visibleChanges(ctx, event);
  }

  @Subscription(() => ChangeEvent, {
    description:
      "Every change to the edition's programme, themes, ballots and suggestions, in commit order, each once. " +
      'With `after` (the cursor of the last change received), first every change committed since.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      demand(ctx, Right.ReadDraft);
      const after = args.after as string | null | undefined;
      if (after !== undefined && after !== null && !/^\d{1,18}$/.test(after)) throw BadUserInput.field('after', problem('feedCursor'));
      if (!isUuid(args.editionId) || !(await ctx.loaders.byId(Edition).load(args.editionId))) throw new NotFound(Edition, args.editionId);
      return audit.feedFor(ctx, ctx.changes.follow(args.editionId, after ?? undefined));
    },
  })
  async programChanged(
    @Root() event: ChangeEvent,
    @Arg('editionId', () => ID) _editionId: string,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last change received: the feed resumes right after it.' }) _after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ChangeEvent> {
    // What the event's fields read is read now, again while the database is away: a live view
    // outlives a database restart, and its event comes whole once the database is back.
    return audit.whileUnavailable(async () => {
      // The subscription's context lives as long as the connection: what it loads is not kept from one event to the next.
      ctx.loaders = new Loaders(ctx.manager);
      await Promise.all([this.actor(event, ctx), audit.visibleChanges(ctx, event)]);
      return event;
    });
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

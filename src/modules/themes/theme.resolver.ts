import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canReadDraft, demand } from '../../auth/permissions';
import type { RequestContext } from '../../context';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import { WorkshopTheme } from '../program/links.entity';
import { Workshop } from '../program/session.entity';
import { Suggestion } from '../suggestions/suggestion.entity';
import { visibleSuggestion } from '../suggestions/suggestion.service';
import { Theme } from './theme.entity';

@Resolver(() => Theme)
export class ThemeResolver {
  @FieldResolver(() => Edition)
  async edition(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(theme.editionId))!;
  }

  @FieldResolver(() => Person, { nullable: true })
  proposedBy(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return theme.proposedById ? ctx.loaders.byId(Person).load(theme.proposedById) : null;
  }

  /** Null as well when the caller may not read that suggestion. */
  @FieldResolver(() => Suggestion, { nullable: true })
  fromSuggestion(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Suggestion | null> {
    return visibleSuggestion(ctx, theme.fromSuggestionId);
  }

  @FieldResolver(() => [Workshop])
  workshops(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Workshop[]> {
    demand(ctx, canReadDraft(ctx), 'read the draft programme');
    return ctx.loaders.linked(WorkshopTheme, 'themeId', 'workshopId', Workshop).load(theme.id);
  }
}

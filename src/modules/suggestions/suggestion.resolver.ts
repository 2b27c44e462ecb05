import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SuggestionStatus } from '../../common/enums';
import { JSONScalar } from '../../common/scalars';
import type { RequestContext } from '../../context';
import type { FieldChanges } from '../audit/audit.service';
import { ChangeEvent } from '../audit/change-event.entity';
import { Edition } from '../editions/edition.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Person } from '../people/person.entity';
import { Workshop } from '../program/session.entity';
import { Theme } from '../themes/theme.entity';
import { visibleChanges } from './authority-records';
import { Suggestion } from './suggestion.entity';
import { ReviewSuggestionInput, SubmitSuggestionInput } from './suggestion.inputs';
import * as suggestions from './suggestion.service';

@Resolver(() => Suggestion)
export class SuggestionResolver {
  @Query(() => Suggestion, { nullable: true, description: 'Null as well when the caller may not read it (another authority\'s).' })
  suggestion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Suggestion | null> {
    return suggestions.suggestionById(ctx, id);
  }

  @FieldResolver(() => Edition)
  async edition(@Root() suggestion: Suggestion, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(suggestion.editionId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async localAuthority(@Root() suggestion: Suggestion, @Ctx() ctx: RequestContext): Promise<LocalAuthority> {
    return (await ctx.loaders.fromTable(LocalAuthority, suggestion.localAuthorityId))!;
  }

  @FieldResolver(() => Person, { nullable: true })
  author(@Root() suggestion: Suggestion, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return suggestion.authorId ? ctx.loaders.byId(Person).load(suggestion.authorId) : null;
  }

  @FieldResolver(() => Theme, { nullable: true })
  resultingTheme(@Root() suggestion: Suggestion, @Ctx() ctx: RequestContext): Promise<Theme | null> | null {
    return suggestion.resultingThemeId ? ctx.loaders.byId(Theme).load(suggestion.resultingThemeId) : null;
  }

  @FieldResolver(() => Workshop, { nullable: true })
  resultingWorkshop(@Root() suggestion: Suggestion, @Ctx() ctx: RequestContext): Promise<Workshop | null> | null {
    return suggestion.resultingWorkshopId ? ctx.loaders.byId(Workshop).load(suggestion.resultingWorkshopId) : null;
  }

  @Mutation(() => Suggestion)
  submitSuggestion(@Arg('input', () => SubmitSuggestionInput) input: SubmitSuggestionInput, @Ctx() ctx: RequestContext): Promise<Suggestion> {
    return suggestions.submitSuggestion(ctx, input);
  }

  @Mutation(() => Suggestion, { description: 'SUBMITTED → UNDER_REVIEW or REJECTED; UNDER_REVIEW → ACCEPTED, MERGED or REJECTED.' })
  reviewSuggestion(@Arg('input', () => ReviewSuggestionInput) input: ReviewSuggestionInput, @Ctx() ctx: RequestContext): Promise<Suggestion> {
    return suggestions.reviewSuggestion(ctx, input);
  }

  @Mutation(() => Theme, { description: 'Turns a THEME suggestion into a PROPOSED theme and marks the suggestion ACCEPTED.' })
  acceptSuggestionAsTheme(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Theme> {
    return suggestions.acceptSuggestionAsTheme(ctx, id);
  }

  @Mutation(() => Workshop, {
    description: 'Turns a WORKSHOP suggestion under review into a draft workshop of a WORKSHOPS session, with the suggesting authority, and marks it ACCEPTED.',
  })
  acceptSuggestionAsWorkshop(
    @Arg('id', () => ID) id: string,
    @Arg('sessionId', () => ID) sessionId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Workshop> {
    return suggestions.acceptSuggestionAsWorkshop(ctx, id, sessionId);
  }
}

@Resolver(() => Edition)
export class EditionSuggestionResolver {
  @FieldResolver(() => [Suggestion], { description: "All for committee members and admins; a local authority's representative sees its own." })
  suggestions(
    @Root() edition: Edition,
    @Ctx() ctx: RequestContext,
    @Arg('status', () => SuggestionStatus, { nullable: true }) status?: SuggestionStatus | null,
  ): Promise<Suggestion[]> {
    return suggestions.suggestionsOf(ctx, edition, status);
  }
}

/** Hides the changes of other authorities' suggestions and forms from the trail's readers (see visibleChanges). */
@Resolver(() => ChangeEvent)
export class ChangeEventChangesResolver {
  @FieldResolver(() => JSONScalar, { description: 'Changed fields, each as {from, to}.' })
  changes(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): Promise<FieldChanges> {
    return visibleChanges(ctx, event);
  }
}

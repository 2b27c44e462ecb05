import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SuggestionStatus } from '../../common/enums';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Person } from '../people/person.entity';
import { Workshop } from '../program/workshop.entity';
import { Theme } from '../themes/theme.entity';
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

/** The suggestion a theme came from: the suggestions' side of the link, so that themes know nothing of suggestions. */
@Resolver(() => Theme)
export class ThemeSuggestionResolver {
  /** Null as well when the caller may not read that suggestion. */
  @FieldResolver(() => Suggestion, { nullable: true })
  fromSuggestion(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Suggestion | null> {
    return suggestions.visibleSuggestion(ctx, theme.fromSuggestionId);
  }
}

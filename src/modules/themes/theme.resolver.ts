import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ThemeStatus } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';
import type { RequestContext } from '../context';
import { committeesOf } from '../editions/edition.service';
import { Committee } from '../editions/committee.entity';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import { Ballot } from './ballot.entity';
import { Theme } from './theme.entity';
import { CastBallotInput, ProposeThemeInput, UpdateThemeInput } from './theme.inputs';
import * as themes from './theme.service';
import * as votes from './vote.service';
import { CommitteeTally, VoteTally } from './vote.types';

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => Theme, { nullable: true, description: 'Null for a theme that does not exist, or that is not adopted for an anonymous reader.' })
  theme(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Theme | null> {
    return themes.themeById(ctx, id);
  }

  @FieldResolver(() => Edition)
  async edition(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(theme.editionId))!;
  }

  @FieldResolver(() => Person, { nullable: true })
  proposedBy(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return theme.proposedById ? ctx.loaders.byId(Person).load(theme.proposedById) : null;
  }

  // A theme reached through any path (a session's themes, a ballot...) shows its vote settled once
  // its deadline has passed: what settling changes is read through currentTheme.

  @FieldResolver(() => ThemeStatus)
  async status(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<ThemeStatus> {
    return (await themes.currentTheme(ctx, theme)).status;
  }

  @FieldResolver(() => Int, { description: 'Increases by one on every change; updates must quote it.' })
  async version(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<number> {
    return (await themes.currentTheme(ctx, theme)).version;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the vote opened.' })
  votingOpenedAt(@Root() theme: Theme): Date | null {
    return theme.votingOpenedAt;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the outcome was decided: by closeThemeVote, or at votingClosesAt.' })
  async decidedAt(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return (await themes.currentTheme(ctx, theme)).decidedAt;
  }

  @FieldResolver(() => VoteTally, {
    description: 'The counts per committee. Outside the committees they are shown once the vote is closed: until then no committee is listed.',
  })
  tally(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<VoteTally> {
    return votes.tallyOf(ctx, theme);
  }

  @FieldResolver(() => Ballot, { nullable: true, description: "The caller's own ballot, if any." })
  myBallot(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Ballot | null> | null {
    return votes.myBallot(ctx, theme);
  }

  @FieldResolver(() => [Ballot], { description: 'Every ballot on the theme, in the order cast. Admins only.' })
  ballots(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Ballot[]> {
    return votes.ballotsOf(ctx, theme);
  }

  @Mutation(() => Theme)
  proposeTheme(@Arg('input', () => ProposeThemeInput) input: ProposeThemeInput, @Ctx() ctx: RequestContext): Promise<Theme> {
    return themes.proposeTheme(ctx, input);
  }

  @Mutation(() => Theme)
  updateTheme(@Arg('input', () => UpdateThemeInput) input: UpdateThemeInput, @Ctx() ctx: RequestContext): Promise<Theme> {
    return themes.updateTheme(ctx, input);
  }

  @Mutation(() => Theme, { description: 'Withdraws a PROPOSED theme, or ends the vote on one under vote without an outcome (then PRESIDENT, SECRETARIAT or admin only).' })
  withdrawTheme(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Theme> {
    return themes.withdrawTheme(ctx, id, expectedVersion);
  }

  @Mutation(() => Theme)
  openThemeVote(
    @Arg('themeId', () => ID) themeId: string,
    @Arg('closesAt', () => DateTimeScalar, { nullable: true }) closesAt: Date | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Theme> {
    return votes.openThemeVote(ctx, themeId, closesAt);
  }

  @Mutation(() => Theme)
  closeThemeVote(@Arg('themeId', () => ID) themeId: string, @Ctx() ctx: RequestContext): Promise<Theme> {
    return votes.closeThemeVote(ctx, themeId);
  }
}

@Resolver(() => Ballot)
export class BallotResolver {
  @FieldResolver(() => Theme)
  async theme(@Root() ballot: Ballot, @Ctx() ctx: RequestContext): Promise<Theme> {
    return (await ctx.loaders.byId(Theme).load(ballot.themeId))!;
  }

  @FieldResolver(() => Person)
  async voter(@Root() ballot: Ballot, @Ctx() ctx: RequestContext): Promise<Person> {
    return (await ctx.loaders.byId(Person).load(ballot.voterId))!;
  }

  @FieldResolver(() => Committee)
  async committee(@Root() ballot: Ballot, @Ctx() ctx: RequestContext): Promise<Committee> {
    // Among the edition's committees, read once per request with those of the tallies.
    const theme = (await ctx.loaders.byId(Theme).load(ballot.themeId))!;
    return (await committeesOf(ctx, theme.editionId)).find((c) => c.id === ballot.committeeId)!;
  }

  @Mutation(() => Ballot, { description: "Casts or replaces the caller's ballot while the vote is open." })
  castBallot(@Arg('input', () => CastBallotInput) input: CastBallotInput, @Ctx() ctx: RequestContext): Promise<Ballot> {
    return votes.castBallot(ctx, input);
  }
}

@Resolver(() => CommitteeTally)
export class CommitteeTallyResolver {
  @FieldResolver(() => Committee)
  async committee(@Root() tally: CommitteeTally, @Ctx() ctx: RequestContext): Promise<Committee> {
    return (await committeesOf(ctx, tally.editionId)).find((c) => c.id === tally.committeeId)!;
  }
}

@Resolver(() => Edition)
export class EditionThemesResolver {
  @FieldResolver(() => [Theme], { description: 'The themes of the edition, in the order proposed; anonymous readers see adopted ones only.' })
  themes(
    @Root() edition: Edition,
    @Ctx() ctx: RequestContext,
    @Arg('status', () => ThemeStatus, { nullable: true }) status?: ThemeStatus | null,
  ): Promise<Theme[]> {
    return themes.themesOf(ctx, edition, status);
  }
}

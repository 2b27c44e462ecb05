import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Person } from '../people/person.entity';
import { Delegate, Participation } from './participation.entity';
import { SubmitParticipationInput } from './participation.inputs';
import * as participations from './participation.service';

@Resolver(() => Participation)
export class ParticipationResolver {
  @FieldResolver(() => Edition)
  async edition(@Root() participation: Participation, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(participation.editionId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async localAuthority(@Root() participation: Participation, @Ctx() ctx: RequestContext): Promise<LocalAuthority> {
    return (await ctx.loaders.fromTable(LocalAuthority, participation.localAuthorityId))!;
  }

  @FieldResolver(() => [Delegate])
  delegates(@Root() participation: Participation, @Ctx() ctx: RequestContext): Delegate[] {
    return participations.delegatesOf(ctx, participation);
  }

  @Mutation(() => Participation, {
    description: "Creates the authority's form for the edition, or updates it (one per authority and edition); refused after participationDeadline except for admins.",
  })
  submitParticipation(@Arg('input', () => SubmitParticipationInput) input: SubmitParticipationInput, @Ctx() ctx: RequestContext): Promise<Participation> {
    return participations.submitParticipation(ctx, input);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Set by confirmParticipation (secretariat or admin).' })
  confirmedBy(@Root() participation: Participation, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return participation.confirmedById ? ctx.loaders.byId(Person).load(participation.confirmedById) : null;
  }

  @Mutation(() => Participation, { description: 'Secretariat seats of the edition and admins: REGISTERED -> CONFIRMED.' })
  confirmParticipation(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Participation> {
    return participations.confirmParticipation(ctx, id, expectedVersion);
  }

  @Mutation(() => Participation, { description: "The authority's representatives or an admin withdraw the form: status CANCELLED." })
  cancelParticipation(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Participation> {
    return participations.cancelParticipation(ctx, id, expectedVersion);
  }
}

@Resolver(() => Edition)
export class EditionParticipationResolver {
  @FieldResolver(() => [Participation], { description: "All for committee members and admins; a local authority's representative sees its own." })
  participations(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<Participation[]> {
    return participations.participationsOfEdition(ctx, edition);
  }
}

@Resolver(() => LocalAuthority)
export class LocalAuthorityParticipationResolver {
  @FieldResolver(() => [Participation], { description: "Empty for a representative of another authority." })
  participations(@Root() authority: LocalAuthority, @Ctx() ctx: RequestContext): Promise<Participation[]> {
    return participations.participationsOfAuthority(ctx, authority);
  }
}

import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { can, Right } from '../../auth/rights';
import { Country } from '../../common/enums';
import type { RequestContext } from '../context';
import { LocalAuthority } from './local-authority.entity';
import { CreateLocalAuthorityInput, CreatePersonInput } from './people.inputs';
import * as people from './people.service';
import { Person } from './person.entity';

@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Visible to the person and to admins only; null for everyone else.' })
  email(@Root() person: Person, @Ctx() ctx: RequestContext): string | null {
    return can(ctx, Right.SeeEmail, person) ? person.email : null;
  }

  @FieldResolver(() => LocalAuthority, { nullable: true })
  localAuthority(@Root() person: Person, @Ctx() ctx: RequestContext): Promise<LocalAuthority | null> | null {
    return person.localAuthorityId ? ctx.loaders.fromTable(LocalAuthority, person.localAuthorityId) : null;
  }

  @Mutation(() => Person, { description: 'Admin only.' })
  createPerson(@Arg('input', () => CreatePersonInput) input: CreatePersonInput, @Ctx() ctx: RequestContext): Promise<Person> {
    return people.createPerson(ctx, input);
  }
}

@Resolver(() => LocalAuthority)
export class LocalAuthorityResolver {
  @Query(() => [LocalAuthority])
  localAuthorities(
    @Ctx() ctx: RequestContext,
    @Arg('country', () => Country, { nullable: true }) country?: Country | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<LocalAuthority[]> {
    return people.listLocalAuthorities(ctx, country, search);
  }

  @Mutation(() => LocalAuthority)
  createLocalAuthority(@Arg('input', () => CreateLocalAuthorityInput) input: CreateLocalAuthorityInput, @Ctx() ctx: RequestContext): Promise<LocalAuthority> {
    return people.createLocalAuthority(ctx, input);
  }
}

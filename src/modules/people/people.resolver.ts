import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { can, Right } from '../../auth/rights';
import { CommitteeRole, Country, Locale } from '../../common/enums';
import type { RequestContext } from '../context';
import { LocalAuthority } from './local-authority.entity';
import { AddPersonInput, CreateLocalAuthorityInput, CreatePersonInput, UpdateLocalAuthorityInput, UpdatePersonInput } from './people.inputs';
import * as people from './people.service';
import { displayNameOf, nameForReader, nameOf, Person, PersonNameValue } from './person.entity';

@ObjectType({ description: "A person's name as each public writes it." })
export class PersonName implements PersonNameValue {
  @Field({ description: "In Latin letters, as the person writes it: 'Claire MARTIN', 'SUZUKI Nobuhiro'." }) latin!: string;
  @Field(() => String, { nullable: true, description: "In the person's own script where it differs from the Latin one: '鈴木 信宏'." }) native!: string | null;
  @Field(() => String, { nullable: true, description: "Reading in kana, for names in kanji: 'すずき のぶひろ'." }) kana!: string | null;
}

/** Whether each person has chosen a password: one statement per request, however many people are shown. */
function hasAccount(ctx: RequestContext, personId: string): Promise<boolean> {
  return ctx.loaders
    .custom<string, boolean>('person:hasAccount', async (ids) => {
      const rows: Array<{ id: string; has: boolean }> = await ctx.manager.query(
        `SELECT id, password_hash IS NOT NULL AS has FROM person WHERE id = ANY($1::uuid[])`,
        [[...new Set(ids)]],
      );
      const has = new Map(rows.map((r) => [r.id, r.has]));
      return ids.map((id) => has.get(id) ?? false);
    })
    .load(personId);
}

/** The editions each person takes part in: a committee seat, a place in the programme, or their authority's participation form. */
function editionsOf(ctx: RequestContext, person: Person): Promise<string[]> {
  return ctx.loaders
    .custom<string, string[]>('person:editions', async (ids) => {
      const rows: Array<{ person_id: string; edition_id: string }> = await ctx.manager.query(
        `SELECT m.person_id, c.edition_id FROM committee_member m JOIN committee c ON c.id = m.committee_id WHERE m.person_id = ANY($1::uuid[])
         UNION SELECT l.person_id, s.edition_id FROM session_speaker l JOIN session s ON s.id = l.session_id WHERE l.person_id = ANY($1::uuid[])
         UNION SELECT l.person_id, s.edition_id FROM workshop_speaker l JOIN workshop w ON w.id = l.workshop_id JOIN session s ON s.id = w.session_id WHERE l.person_id = ANY($1::uuid[])
         UNION SELECT l.person_id, s.edition_id FROM workshop_moderator l JOIN workshop w ON w.id = l.workshop_id JOIN session s ON s.id = w.session_id WHERE l.person_id = ANY($1::uuid[])
         UNION SELECT p.id, f.edition_id FROM person p JOIN participation f ON f.local_authority_id = p.local_authority_id WHERE p.id = ANY($1::uuid[])`,
        [[...new Set(ids)]],
      );
      const byPerson = new Map<string, string[]>();
      for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row.edition_id]);
      return ids.map((id) => byPerson.get(id) ?? []);
    })
    .load(person.id);
}

@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => String, { description: "The name for readers of the person's own language (name.native when present, else name.latin)." })
  displayName(@Root() person: Person): string {
    return displayNameOf(nameOf(person));
  }

  @FieldResolver(() => PersonName)
  name(@Root() person: Person): PersonName {
    return nameOf(person);
  }

  @FieldResolver(() => String, { description: 'The name for a reader of `locale`: native for JA readers when present, Latin for FR/EN readers.' })
  nameFor(@Root() person: Person, @Arg('locale', () => Locale) locale: Locale): string {
    return nameForReader(nameOf(person), locale);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Visible to the person, to admins and to secretariat seats of an edition they take part in; null for everyone else.',
  })
  async email(@Root() person: Person, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (can(ctx, Right.SeeEmail, person)) return person.email;
    // Only a secretariat seat can see more; nobody else costs a statement.
    if (!ctx.actor?.memberships.some((m) => m.role === CommitteeRole.SECRETARIAT)) return null;
    return can(ctx, Right.SeeEmail, person, await editionsOf(ctx, person)) ? person.email : null;
  }

  @FieldResolver(() => Boolean, { description: 'False for GUEST people, and for accounts invited but not yet accepted.' })
  hasAccount(@Root() person: Person & { hasAccount?: boolean }, @Ctx() ctx: RequestContext): boolean | Promise<boolean> {
    return person.hasAccount ?? hasAccount(ctx, person.id);
  }

  @FieldResolver(() => LocalAuthority, { nullable: true })
  localAuthority(@Root() person: Person, @Ctx() ctx: RequestContext): Promise<LocalAuthority | null> | null {
    return person.localAuthorityId ? ctx.loaders.fromTable(LocalAuthority, person.localAuthorityId) : null;
  }

  @Query(() => [Person], { description: 'Committee members, secretariat seats and admins: people by name (any script), email or authority.' })
  people(
    @Ctx() ctx: RequestContext,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
    @Arg('localAuthorityId', () => ID, { nullable: true }) localAuthorityId?: string | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit?: number | null,
  ): Promise<Person[]> {
    return people.listPeople(ctx, search, localAuthorityId, limit ?? 50);
  }

  @Mutation(() => Person, { description: 'Admin only.' })
  createPerson(@Arg('input', () => CreatePersonInput) input: CreatePersonInput, @Ctx() ctx: RequestContext): Promise<Person> {
    return people.createPerson(ctx, input);
  }

  @Mutation(() => Person, { description: 'Committee members, secretariat seats and admins: a person with no account (GUEST), to list as speaker, moderator or delegate.' })
  addPerson(@Arg('input', () => AddPersonInput) input: AddPersonInput, @Ctx() ctx: RequestContext): Promise<Person> {
    return people.addPerson(ctx, input);
  }

  @Mutation(() => Person, { description: 'The person themself (names, function, organisation, bio, locale), or an admin (everything).' })
  updatePerson(@Arg('input', () => UpdatePersonInput) input: UpdatePersonInput, @Ctx() ctx: RequestContext): Promise<Person> {
    return people.updatePerson(ctx, input);
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

  @Mutation(() => LocalAuthority)
  updateLocalAuthority(@Arg('input', () => UpdateLocalAuthorityInput) input: UpdateLocalAuthorityInput, @Ctx() ctx: RequestContext): Promise<LocalAuthority> {
    return people.updateLocalAuthority(ctx, input);
  }
}

import { hashPassword } from '../../auth/passwords';
import { demand, Right } from '../../auth/rights';
import { Country, Locale, UserRole } from '../../common/enums';
import { BadUserInput, FieldProblem, problem } from '../../common/errors';
import { normalizeLocalizedText } from '../../common/localized-text';
import { lineProblem, NAME_MAX } from '../../common/validation';
import { createVersioned, VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { isUuid } from '../../db/loaders';
import { LocalAuthority } from './local-authority.entity';
import { CreateLocalAuthorityInput, CreatePersonInput } from './people.inputs';
import { Person } from './person.entity';

export const PERSON: VersionedTarget<Person> = { entity: Person, editionIdOf: () => null };
export const LOCAL_AUTHORITY: VersionedTarget<LocalAuthority> = { entity: LocalAuthority, editionIdOf: () => null };

export async function listLocalAuthorities(ctx: RequestContext, country?: Country | null, search?: string | null): Promise<LocalAuthority[]> {
  const query = ctx.manager.createQueryBuilder(LocalAuthority, 'a');
  if (country) query.andWhere('a.country = :country', { country });
  const found = search ? lineProblem(search, NAME_MAX) : null;
  if (found) throw BadUserInput.field('search', found);
  const term = search?.trim();
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.andWhere(`(a.name->>'fr' ILIKE :pattern OR a.name->>'ja' ILIKE :pattern OR a.name->>'en' ILIKE :pattern)`, { pattern });
  }
  return query.orderBy('a.country').addOrderBy(`coalesce(a.name->>'fr', a.name->>'ja')`).getMany();
}

export async function createLocalAuthority(ctx: RequestContext, input: CreateLocalAuthorityInput): Promise<LocalAuthority> {
  demand(ctx, Right.ManagePeople);
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, LOCAL_AUTHORITY, { name: normalizeLocalizedText(input.name)!, country: input.country, kind: input.kind }),
  );
}

export async function createPerson(ctx: RequestContext, input: CreatePersonInput): Promise<Person> {
  demand(ctx, Right.ManagePeople);
  const email = input.email.trim();
  const problems: FieldProblem[] = [];
  const authorityId = input.localAuthorityId ?? null;
  if (input.role === UserRole.LOCAL_AUTHORITY && !authorityId) {
    problems.push({ field: 'input.localAuthorityId', problems: [problem('requiredForAuthority')] });
  }
  if (authorityId !== null && !(isUuid(authorityId) && (await ctx.loaders.byId(LocalAuthority).load(authorityId)))) {
    problems.push({ field: 'input.localAuthorityId', problems: [problem('noSuchAuthority')] });
  }
  if (await ctx.manager.createQueryBuilder(Person, 'p').where('lower(p.email) = lower(:email)', { email }).getExists()) {
    problems.push({ field: 'input.email', problems: [problem('emailTaken')] });
  }
  if (problems.length) throw new BadUserInput(problems);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    const person = await createVersioned(tx, PERSON, {
      displayName: input.displayName.trim(),
      email,
      role: input.role,
      preferredLocale: input.preferredLocale ?? Locale.FR,
      localAuthorityId: authorityId,
    });
    // The hash is kept out of createVersioned's values so that it never reaches the audit trail.
    await tx.manager.update(Person, { id: person.id }, { passwordHash });
    return person;
  });
}

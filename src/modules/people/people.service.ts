import { hashPassword, passwordProblems } from '../../auth/passwords';
import { demand, Right } from '../../auth/rights';
import { Country, Locale, UserRole } from '../../common/enums';
import { BadUserInput, FieldProblem, problem } from '../../common/errors';
import { LocalizedTextValue, mergeLocalizedText, normalizeLocalizedText } from '../../common/localized-text';
import { lineProblem, NAME_MAX, textProblem } from '../../common/validation';
import { createVersioned, lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { isUuid } from '../../db/loaders';
import { LocalAuthority } from './local-authority.entity';
import { AddPersonInput, CreateLocalAuthorityInput, CreatePersonInput, PersonNameInput, UpdateLocalAuthorityInput, UpdatePersonInput } from './people.inputs';
import { Person } from './person.entity';

export const PERSON: VersionedTarget<Person> = { entity: Person, editionIdOf: () => null };
export const LOCAL_AUTHORITY: VersionedTarget<LocalAuthority> = { entity: LocalAuthority, editionIdOf: () => null };

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listLocalAuthorities(ctx: RequestContext, country?: Country | null, search?: string | null): Promise<LocalAuthority[]> {
  const query = ctx.manager.createQueryBuilder(LocalAuthority, 'a');
  if (country) query.andWhere('a.country = :country', { country });
  const found = search ? lineProblem(search, NAME_MAX) : null;
  if (found) throw BadUserInput.field('search', found);
  const term = search?.trim();
  if (term) {
    query.andWhere(`(a.name->>'fr' ILIKE :pattern OR a.name->>'ja' ILIKE :pattern OR a.name->>'en' ILIKE :pattern)`, { pattern: likePattern(term) });
  }
  return query.orderBy('a.country').addOrderBy(`coalesce(a.name->>'fr', a.name->>'ja')`).getMany();
}

export async function createLocalAuthority(ctx: RequestContext, input: CreateLocalAuthorityInput): Promise<LocalAuthority> {
  demand(ctx, Right.ManagePeople);
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, LOCAL_AUTHORITY, { name: normalizeLocalizedText(input.name)!, country: input.country, kind: input.kind }),
  );
}

export async function updateLocalAuthority(ctx: RequestContext, input: UpdateLocalAuthorityInput): Promise<LocalAuthority> {
  demand(ctx, Right.UpdateLocalAuthority);
  if (input.kind === null) throw BadUserInput.field('input.kind', problem('cannotBeCleared'));
  return inTransaction(ctx, async (tx) => {
    const current = await lockVersioned(tx, LOCAL_AUTHORITY, input.id, input.expectedVersion);
    const patch: Partial<LocalAuthority> = {};
    if (input.name !== undefined) {
      const name = mergeLocalizedText(current.name, input.name ?? null);
      if (!name?.fr && !name?.ja) throw BadUserInput.field('input.name', problem('needsFrenchOrJapanese'));
      patch.name = name;
    }
    if (input.kind) patch.kind = input.kind;
    return updateVersioned(tx, LOCAL_AUTHORITY, current, patch);
  });
}

/** Text that looks like Japanese script (kana or kanji): a name written so is a native name, not a Latin one. */
export const JAPANESE_SCRIPT = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/;

function nameColumns(name: PersonNameInput): Pick<Person, 'nameLatin' | 'nameNative' | 'nameKana'> {
  return { nameLatin: name.latin.trim(), nameNative: name.native?.trim() || null, nameKana: name.kana?.trim() || null };
}

async function authorityProblems(ctx: RequestContext, authorityId: string | null, role: UserRole, problems: FieldProblem[]): Promise<void> {
  if (role === UserRole.LOCAL_AUTHORITY && !authorityId) {
    problems.push({ field: 'input.localAuthorityId', problems: [problem('requiredForAuthority')] });
  }
  if (authorityId !== null && !(isUuid(authorityId) && (await ctx.loaders.byId(LocalAuthority).load(authorityId)))) {
    problems.push({ field: 'input.localAuthorityId', problems: [problem('noSuchAuthority')] });
  }
}

/** Whether another person already uses this address, whatever its case. */
export async function emailTaken(ctx: RequestContext, email: string, exceptId?: string): Promise<boolean> {
  const query = ctx.manager.createQueryBuilder(Person, 'p').where('lower(p.email) = lower(:email)', { email });
  if (exceptId) query.andWhere('p.id <> :exceptId', { exceptId });
  return query.getExists();
}

export async function createPerson(ctx: RequestContext, input: CreatePersonInput): Promise<Person> {
  demand(ctx, Right.ManagePeople);
  const email = input.email.trim();
  const problems: FieldProblem[] = [];
  const authorityId = input.localAuthorityId ?? null;
  await authorityProblems(ctx, authorityId, input.role, problems);
  if (input.role === UserRole.GUEST) problems.push({ field: 'input.role', problems: [problem('guestCannotSignIn')] });
  if (await emailTaken(ctx, email)) problems.push({ field: 'input.email', problems: [problem('emailTaken')] });
  const weak = passwordProblems(input.password, email);
  if (weak.length) problems.push({ field: 'input.password', problems: weak });
  if (problems.length) throw new BadUserInput(problems);
  const passwordHash = await hashPassword(input.password);
  // The one name this older operation takes: Japanese script is the native name, with it as the Latin one until someone writes it.
  const displayName = input.displayName.trim();
  return inTransaction(ctx, async (tx) => {
    const person = await createVersioned(tx, PERSON, {
      nameLatin: displayName,
      nameNative: JAPANESE_SCRIPT.test(displayName) ? displayName : null,
      nameKana: null,
      email,
      role: input.role,
      preferredLocale: input.preferredLocale ?? Locale.FR,
      localAuthorityId: authorityId,
      active: true,
    });
    // The hash is kept out of createVersioned's values so that it never reaches the audit trail.
    await tx.manager.update(Person, { id: person.id }, { passwordHash });
    return Object.assign(person, { hasAccount: true });
  });
}

/** A GUEST: a speaker, moderator or delegate with no account, whom someone may invite later. */
export async function addPerson(ctx: RequestContext, input: AddPersonInput): Promise<Person> {
  demand(ctx, Right.ListPeople);
  const email = input.email?.trim() || null;
  const problems: FieldProblem[] = [];
  const authorityId = input.localAuthorityId ?? null;
  await authorityProblems(ctx, authorityId, UserRole.GUEST, problems);
  if (email && (await emailTaken(ctx, email))) problems.push({ field: 'input.email', problems: [problem('emailTaken')] });
  if (problems.length) throw new BadUserInput(problems);
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, PERSON, {
      ...nameColumns(input.name),
      function: normalizeLocalizedText(input.function),
      organisation: normalizeLocalizedText(input.organisation),
      bio: normalizeLocalizedText(input.bio),
      email,
      role: UserRole.GUEST,
      preferredLocale: input.preferredLocale ?? Locale.FR,
      localAuthorityId: authorityId,
      active: true,
    }),
  );
}

/** The person themself changes their names, texts and language; an admin changes everything. */
export async function updatePerson(ctx: RequestContext, input: UpdatePersonInput): Promise<Person> {
  const accountFields = (['email', 'role', 'localAuthorityId'] as const).filter((field) => input[field] !== undefined);
  return inTransaction(ctx, async (tx) => {
    const current = await lockVersioned(tx, PERSON, input.id, input.expectedVersion, (row) => {
      demand(tx, Right.UpdatePerson, row.id);
      if (accountFields.length) demand(tx, Right.UpdatePersonAccount);
    });
    const problems: FieldProblem[] = [];
    const patch: Partial<Person> = {};
    if (input.name === null) problems.push({ field: 'input.name', problems: [problem('cannotBeCleared')] });
    else if (input.name) Object.assign(patch, nameColumns(input.name));
    for (const field of ['function', 'organisation', 'bio'] as const) {
      if (input[field] !== undefined) patch[field] = mergeLocalizedText(current[field], (input[field] ?? null) as LocalizedTextValue | null);
    }
    if (input.preferredLocale === null) problems.push({ field: 'input.preferredLocale', problems: [problem('cannotBeCleared')] });
    else if (input.preferredLocale) patch.preferredLocale = input.preferredLocale;
    const role = input.role ?? current.role;
    if (input.role === null) problems.push({ field: 'input.role', problems: [problem('cannotBeCleared')] });
    if (input.email !== undefined) {
      const email = input.email?.trim() || null;
      if (!email && role !== UserRole.GUEST) problems.push({ field: 'input.email', problems: [problem('cannotBeCleared')] });
      else if (email && (await emailTaken(tx, email, current.id))) problems.push({ field: 'input.email', problems: [problem('emailTaken')] });
      else patch.email = email;
    }
    if (input.role && input.role !== current.role) {
      const hasAccount = await hasAccountNow(tx, current.id);
      // A GUEST becomes an account holder only by accepting an invitation; an account cannot lose its password this way.
      if (input.role === UserRole.GUEST || (current.role === UserRole.GUEST && !hasAccount)) {
        problems.push({ field: 'input.role', problems: [problem(input.role === UserRole.GUEST ? 'alreadyHasAccount' : 'guestCannotSignIn')] });
      } else patch.role = input.role;
    }
    const authorityId = input.localAuthorityId === undefined ? current.localAuthorityId : input.localAuthorityId;
    if (input.localAuthorityId !== undefined || input.role) await authorityProblems(tx, authorityId, role, problems);
    if (input.localAuthorityId !== undefined) patch.localAuthorityId = authorityId;
    if (problems.length) throw new BadUserInput(problems);
    return updateVersioned(tx, PERSON, current, patch);
  });
}

export async function hasAccountNow(ctx: RequestContext, personId: string): Promise<boolean> {
  const [row]: Array<{ has: boolean }> = await ctx.manager.query(`SELECT password_hash IS NOT NULL AS has FROM person WHERE id = $1`, [personId]);
  return row?.has ?? false;
}

/** People by any of their names, their email or their authority, for committee members, secretariat seats and admins. */
export async function listPeople(ctx: RequestContext, search: string | null | undefined, localAuthorityId: string | null | undefined, limit: number): Promise<Person[]> {
  demand(ctx, Right.ListPeople);
  const problems: FieldProblem[] = [];
  const found = search ? textProblem(search, NAME_MAX) : null;
  if (found) problems.push({ field: 'search', problems: [found] });
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) problems.push({ field: 'limit', problems: [problem('range', { min: 1, max: 500 })] });
  if (localAuthorityId && !isUuid(localAuthorityId)) problems.push({ field: 'localAuthorityId', problems: [problem('noSuchAuthority')] });
  if (problems.length) throw new BadUserInput(problems);
  const query = ctx.manager.createQueryBuilder(Person, 'p');
  const term = search?.trim();
  if (term) {
    // Spaces between family and given names vary between sources ("SUZUKI Nobuhiro", "鈴木信宏"): compare without them too.
    query.andWhere(
      `(p.name_latin ILIKE :pattern OR p.name_native ILIKE :pattern OR p.name_kana ILIKE :pattern
        OR replace(coalesce(p.name_native, ''), ' ', '') ILIKE :squeezed OR replace(coalesce(p.name_kana, ''), ' ', '') ILIKE :squeezed
        OR lower(p.email) = lower(:term))`,
      { pattern: likePattern(term), squeezed: likePattern(term.replace(/[\s\u3000]+/g, '')), term },
    );
  }
  if (localAuthorityId) query.andWhere('p.local_authority_id = :localAuthorityId', { localAuthorityId });
  return query.orderBy('lower(p.name_latin)').addOrderBy('p.id').limit(limit).getMany();
}

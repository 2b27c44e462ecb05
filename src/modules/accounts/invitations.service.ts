import { hashPassword, passwordProblems, verifyPassword } from '../../auth/passwords';
import { demand, demandSignedIn, invitableRoles, Right } from '../../auth/rights';
import { authenticate, digest, issueToken, newSecret, revokeAllTokensOf } from '../../auth/tokens';
import { ChangeAction, InvitationKind, Locale, UserRole } from '../../common/enums';
import { BadUserInput, FieldProblem, problem } from '../../common/errors';
import { recordChange } from '../../db/changes/change-trail';
import { inTransaction } from '../../db/context';
import { isUuid } from '../../db/loaders';
import { createVersioned, lockForWrite, lockVersioned, updateVersioned } from '../../db/versioned-write';
import type { RequestContext } from '../context';
import { LocalAuthority } from '../people/local-authority.entity';
import { emailTaken, hasAccountNow, PERSON } from '../people/people.service';
import { Person } from '../people/person.entity';
import { InviteInput } from './accounts.inputs';
import { AuthPayload } from './accounts.types';
import { viewerOf } from './accounts.service';
import { Invitation } from './invitation.entity';

const DAY_MS = 86_400_000;
export const INVITATION_DAYS = { default: 14, min: 1, max: 60 } as const;
/** A reset link is for the person at hand: it lasts three days. */
const RESET_DAYS = 3;
const TOKEN_PREFIX = 'rfi_';

/** The page where the link's holder chooses a password; the token travels in the fragment, which browsers never send. */
export const linkOf = (ctx: RequestContext, token: string) => `${ctx.publicUrl}/account#${token}`;

/** Withdraws the person's links not used yet, in this transaction. */
async function revokePendingInvitations(ctx: RequestContext, personId: string): Promise<void> {
  await ctx.manager.query(`UPDATE invitation SET revoked_at = $2 WHERE person_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [personId, ctx.now()]);
}

/** A new one-time link for the person, replacing any they had not used; recorded in the trail (without its token). */
async function issueLink(tx: RequestContext, person: Person, kind: InvitationKind, days: number, role: UserRole | null): Promise<Invitation> {
  await revokePendingInvitations(tx, person.id);
  const { token, hash } = newSecret(TOKEN_PREFIX);
  const now = tx.now();
  const invitation = tx.manager.create(Invitation, {
    kind, personId: person.id, invitedById: tx.actor?.person.id ?? null, role, tokenHash: hash,
    createdAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS), acceptedAt: null, revokedAt: null,
  });
  await tx.manager.insert(Invitation, invitation);
  await recordChange(tx, {
    editionId: null,
    action: ChangeAction.CREATE,
    entityType: Invitation.name,
    entityId: invitation.id,
    changes: { kind: { from: null, to: kind }, personId: { from: null, to: person.id }, expiresAt: { from: null, to: invitation.expiresAt.toISOString() } },
  });
  return Object.assign(invitation, { token, url: linkOf(tx, token) });
}

/** Admins invite anyone; secretariat seats LOCAL_AUTHORITY and COMMITTEE accounts. A GUEST invited keeps their id and every link to them. */
export async function invite(ctx: RequestContext, input: InviteInput): Promise<Invitation> {
  demandSignedIn(ctx, Right.InvitePeople);
  demand(ctx, Right.InvitePeople);
  const problems: FieldProblem[] = [];
  const days = input.expiresInDays ?? INVITATION_DAYS.default;
  if (!Number.isInteger(days) || days < INVITATION_DAYS.min || days > INVITATION_DAYS.max) {
    problems.push({ field: 'input.expiresInDays', problems: [problem('wholeDays', { min: INVITATION_DAYS.min, max: INVITATION_DAYS.max })] });
  }
  if (input.role === UserRole.GUEST) problems.push({ field: 'input.role', problems: [problem('guestCannotSignIn')] });
  const email = input.email?.trim() || null;
  const authorityId = input.localAuthorityId ?? null;
  if (authorityId !== null && !(isUuid(authorityId) && (await ctx.loaders.byId(LocalAuthority).load(authorityId)))) {
    problems.push({ field: 'input.localAuthorityId', problems: [problem('noSuchAuthority')] });
  }
  if (problems.length) throw new BadUserInput(problems);
  return inTransaction(ctx, async (tx) => {
    let person: Person;
    if (input.personId) {
      person = await lockForWrite(tx, PERSON, input.personId);
      if (await hasAccountNow(tx, person.id)) throw BadUserInput.field('input.personId', problem('alreadyHasAccount'));
    } else {
      for (const field of ['email', 'name', 'role'] as const) {
        if (!input[field]) problems.push({ field: `input.${field}`, problems: [problem('required')] });
      }
      if (email && (await emailTaken(tx, email))) problems.push({ field: 'input.email', problems: [problem('emailTaken')] });
      if (input.role === UserRole.LOCAL_AUTHORITY && !authorityId) problems.push({ field: 'input.localAuthorityId', problems: [problem('requiredForAuthority')] });
      if (problems.length) throw new BadUserInput(problems);
      demand(tx, Right.InvitePeople, input.role!);
      person = await createVersioned(tx, PERSON, {
        nameLatin: input.name!.latin.trim(), nameNative: input.name!.native?.trim() || null, nameKana: input.name!.kana?.trim() || null,
        email, role: input.role!, preferredLocale: input.preferredLocale ?? Locale.FR, localAuthorityId: authorityId, active: true,
      });
      return issueLink(tx, person, InvitationKind.ACCOUNT, days, input.role!);
    }
    const role = input.role ?? (person.role === UserRole.GUEST ? null : person.role);
    if (!role) throw BadUserInput.field('input.role', problem('required'));
    demand(tx, Right.InvitePeople, role);
    // What the invitation sets on an existing person: an address to sign in with, and the authority a representative speaks for.
    const patch: Partial<Person> = {};
    if (email && email.toLowerCase() !== person.email?.toLowerCase()) {
      if (await emailTaken(tx, email, person.id)) throw BadUserInput.field('input.email', problem('emailTaken'));
      patch.email = email;
    }
    if (!(patch.email ?? person.email)) throw BadUserInput.field('input.email', problem('required'));
    if (input.localAuthorityId !== undefined) patch.localAuthorityId = authorityId;
    if (input.preferredLocale) patch.preferredLocale = input.preferredLocale;
    if (role === UserRole.LOCAL_AUTHORITY && !(patch.localAuthorityId ?? person.localAuthorityId)) {
      throw BadUserInput.field('input.localAuthorityId', problem('requiredForAuthority'));
    }
    if (Object.keys(patch).length) await updateVersioned(tx, PERSON, person, patch);
    return issueLink(tx, person, InvitationKind.ACCOUNT, days, role);
  });
}

/** Admins, and secretariat seats for LOCAL_AUTHORITY and COMMITTEE accounts: a link to choose a new password. */
export async function issuePasswordReset(ctx: RequestContext, personId: string): Promise<Invitation> {
  demandSignedIn(ctx, Right.InvitePeople);
  demand(ctx, Right.InvitePeople);
  return inTransaction(ctx, async (tx) => {
    const person = await lockForWrite(tx, PERSON, personId);
    demand(tx, Right.InvitePeople, person.role);
    if (!(await hasAccountNow(tx, person.id))) throw BadUserInput.field('personId', problem('guestCannotSignIn'));
    return issueLink(tx, person, InvitationKind.PASSWORD_RESET, RESET_DAYS, null);
  });
}

/**
 * Anyone: a reset link for the account with this address, recorded, then announced for mail. The
 * answer is true whatever the address, and the work the same: one statement either way, with a
 * token drawn and hashed in both cases.
 */
export async function requestPasswordReset(ctx: RequestContext, email: string): Promise<boolean> {
  const { token, hash } = newSecret(TOKEN_PREFIX);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + RESET_DAYS * DAY_MS);
  const issued: Array<{ person_id: string; email: string; display_name: string; preferred_locale: Locale }> = await ctx.manager.query(
    `WITH target AS (
       SELECT id, email, display_name, preferred_locale FROM person
        WHERE lower(email) = lower($1) AND active AND password_hash IS NOT NULL AND role <> 'GUEST'
     ), withdrawn AS (
       UPDATE invitation SET revoked_at = $3 WHERE person_id IN (SELECT id FROM target) AND accepted_at IS NULL AND revoked_at IS NULL
     ), inserted AS (
       INSERT INTO invitation (kind, person_id, invited_by_id, role, token_hash, created_at, expires_at)
       SELECT 'PASSWORD_RESET', id, NULL, NULL, $2, $3, $4 FROM target RETURNING person_id
     )
     SELECT t.id AS person_id, t.email, t.display_name, t.preferred_locale FROM target t JOIN inserted i ON i.person_id = t.id`,
    [email.trim().slice(0, 254), hash, now, expiresAt],
  );
  for (const row of issued) {
    ctx.accountEvents.emit('passwordResetRequested', {
      personId: row.person_id, email: row.email, displayName: row.display_name, preferredLocale: row.preferred_locale, link: linkOf(ctx, token), expiresAt,
    });
  }
  return true;
}

/**
 * Whoever holds a link's token: the password is set, the link used up, and the holder signed in.
 * The link is taken with one guarded UPDATE, so of two parallel acceptances exactly one wins. A
 * reset (and an account opened from an invitation) ends every other sign-in of the person.
 */
export async function redeem(ctx: RequestContext, token: string, password: string): Promise<AuthPayload> {
  const unusable = () => BadUserInput.field('token', problem('invitationUnusable'));
  const [found]: Array<{ id: string; email: string | null }> = await ctx.manager.query(
    `SELECT i.id, p.email FROM invitation i JOIN person p ON p.id = i.person_id
      WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2 AND p.active`,
    [digest(token), ctx.now()],
  );
  if (!found) throw unusable();
  const weak = passwordProblems(password, found.email);
  if (weak.length) throw new BadUserInput([{ field: 'password', problems: weak }]);
  const passwordHash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    // An UPDATE answers [rows, count] through TypeORM.
    const [[taken]]: [Array<{ person_id: string; role: UserRole | null }>, number] = await tx.manager.query(
      `UPDATE invitation SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2
       RETURNING person_id, role`,
      [found.id, tx.now()],
    );
    if (!taken) throw unusable();
    const person = await lockForWrite(tx, PERSON, taken.person_id);
    if (!person.active) throw unusable();
    if (taken.role && taken.role !== person.role) await updateVersioned(tx, PERSON, person, { role: taken.role });
    // The hash stays out of the trail.
    await tx.manager.update(Person, { id: person.id }, { passwordHash });
    await revokeAllTokensOf(tx.manager, person.id, tx.now());
    return signIn(tx, person.id);
  });
}

/**
 * Signed in: the current password proves it is the person. They get a new token, and every other
 * token of theirs (the one this request came with too) is revoked: whoever knew the old password is out.
 */
export async function changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<AuthPayload> {
  demand(ctx, Right.ManageOwnTokens);
  const person = await ctx.manager.createQueryBuilder(Person, 'p').addSelect('p.passwordHash').where('p.id = :id', { id: ctx.actor!.person.id }).getOneOrFail();
  const problems: FieldProblem[] = [];
  if (!(await verifyPassword(currentPassword, person.passwordHash ?? ''))) problems.push({ field: 'currentPassword', problems: [problem('wrongPassword')] });
  const weak = passwordProblems(newPassword, person.email);
  if (weak.length) problems.push({ field: 'newPassword', problems: weak });
  if (problems.length) throw new BadUserInput(problems);
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(ctx, async (tx) => {
    await tx.manager.update(Person, { id: person.id }, { passwordHash });
    await revokeAllTokensOf(tx.manager, person.id, tx.now());
    await revokePendingInvitations(tx, person.id);
    await recordChange(tx, { editionId: null, action: ChangeAction.UPDATE, entityType: Person.name, entityId: person.id, changes: { password: { from: null, to: null } } });
    return signIn(tx, person.id);
  });
}

/** A new login token for the person, and the viewer it shows. */
async function signIn(tx: RequestContext, personId: string): Promise<AuthPayload> {
  const expiresAt = new Date(tx.now().getTime() + tx.config.tokenTtlDays * DAY_MS);
  const issued = await issueToken(tx.manager, personId, 'login', expiresAt);
  const actor = await authenticate(tx.manager, issued.token, tx.now());
  return { token: issued.token, viewer: viewerOf(actor) };
}

/** Admins: the person can no longer sign in; their tokens and links stop at once. */
export async function deactivatePerson(ctx: RequestContext, id: string, expectedVersion: number): Promise<Person> {
  return inTransaction(ctx, async (tx) => {
    const person = await lockVersioned(tx, PERSON, id, expectedVersion, () => demand(tx, Right.DeactivatePeople));
    if (!person.active) return person;
    const updated = await updateVersioned(tx, PERSON, person, { active: false });
    await revokePendingInvitations(tx, person.id);
    await endSignInsOf(tx, person.id);
    return updated;
  });
}

/** Every way the person is signed in ends: their tokens, and on commit their live subscriptions on every instance. */
async function endSignInsOf(tx: RequestContext, personId: string): Promise<void> {
  await revokeAllTokensOf(tx.manager, personId, tx.now());
}

/** Admins and secretariat seats: links not used yet and still valid, those the caller may issue. */
export async function pendingInvitations(ctx: RequestContext): Promise<Invitation[]> {
  demandSignedIn(ctx, Right.InvitePeople);
  demand(ctx, Right.InvitePeople);
  const roles = invitableRoles(ctx);
  return ctx.manager
    .createQueryBuilder(Invitation, 'i')
    .innerJoin(Person, 'p', 'p.id = i.person_id')
    .where('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > :now', { now: ctx.now() })
    .andWhere('coalesce(i.role, p.role) IN (:...roles)', { roles })
    .orderBy('i.created_at', 'DESC')
    .getMany();
}

import { IsNull, MoreThan } from 'typeorm';
import { Actor, ownView } from '../../auth/actor';
import { DECOY_HASH, verifyPassword } from '../../auth/passwords';
import { demand, Right } from '../../auth/rights';
import { AuthToken } from '../../auth/token.entity';
import { authenticate, issueToken, revokeToken } from '../../auth/tokens';
import { BadUserInput, FieldProblem, NotFound, problem, Unauthenticated } from '../../common/errors';
import { emailProblem, lineProblem } from '../../common/validation';
import { isUuid } from '../../db/loaders';
import type { RequestContext } from '../context';
import { CommitteeMember } from '../editions/committee.entity';
import { Person } from '../people/person.entity';
import { AccessToken, AuthPayload, IssuedAccessToken, Viewer } from './accounts.types';

const DAY_MS = 86_400_000;

export function viewerOf(actor: Actor): Viewer {
  return {
    actor,
    person: ownView(Object.assign(new Person(), actor.person)),
    memberships: actor.memberships.map((m) =>
      Object.assign(new CommitteeMember(), { id: m.memberId, committeeId: m.committeeId, personId: actor.person.id, role: m.role }),
    ),
  };
}

export function viewer(ctx: RequestContext): Viewer | null {
  return ctx.actor ? viewerOf(ctx.actor) : null;
}

/**
 * The same answer, in about the same time, for an unknown email and a wrong password. The attempt is
 * counted by the throttle before the password is checked, under the key of the account the lookup
 * found (its id), or of the email as PostgreSQL's lower() wrote it: one normalisation for both.
 */
export async function login(ctx: RequestContext, email: string, password: string): Promise<AuthPayload> {
  // Not an address anyone could have (PostgreSQL would refuse a NUL outright): bad input, not a failed login.
  const problem = emailProblem(email.trim());
  if (problem) throw BadUserInput.field('email', problem);
  const [account]: Array<{ key: string; id: string | null; password_hash: string | null; active: boolean | null }> = await ctx.manager.query(
    `SELECT lower($1::text) AS key, p.id, p.password_hash, p.active
       FROM (SELECT 1) AS one LEFT JOIN person p ON lower(p.email) = lower($1::text)`,
    [email.trim()],
  );
  const attempt = await ctx.loginThrottle.attempt(account.id ?? `email:${account.key}`, ctx.clientAddress);
  if (attempt.holdBackMs) await new Promise((resolve) => setTimeout(resolve, attempt.holdBackMs));
  const ok = await verifyPassword(password, account.password_hash ?? DECOY_HASH);
  // A deactivated person cannot sign in, and is told no more than for a wrong password.
  if (!account.id || !account.password_hash || !ok || !account.active) throw new Unauthenticated('wrongCredentials');
  await attempt.succeeded();
  const person = { id: account.id };
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.tokenTtlDays * DAY_MS);
  const { token } = await issueToken(ctx.manager, person.id, 'login', expiresAt);
  const actor = await authenticate(ctx.manager, token, ctx.now());
  return { token, viewer: viewerOf(actor) };
}

export async function logout(ctx: RequestContext): Promise<boolean> {
  demand(ctx, Right.ManageOwnTokens);
  return revokeToken(ctx.manager, ctx.actor!.tokenId, ctx.actor!.person.id, ctx.now());
}

const toAccessToken = (viewer: Actor | null, token: AuthToken): AccessToken => ({
  id: token.id,
  label: token.label,
  createdAt: token.createdAt,
  expiresAt: token.expiresAt,
  current: token.id === viewer?.tokenId,
});

/** The viewer's valid tokens: the caller's, or in a login's payload those of the person just signed in. */
export async function tokensOf(ctx: RequestContext, viewer: Actor): Promise<AccessToken[]> {
  const tokens = await ctx.manager.find(AuthToken, {
    where: { personId: viewer.person.id, revokedAt: IsNull(), expiresAt: MoreThan(ctx.now()) },
    order: { createdAt: 'DESC' },
  });
  return tokens.map((t) => toAccessToken(viewer, t));
}

/** A personal token for a script, with its own label and lifetime. */
export async function createPersonalToken(ctx: RequestContext, label: string, expiresInDays: number): Promise<IssuedAccessToken> {
  demand(ctx, Right.ManageOwnTokens);
  const problems: FieldProblem[] = [];
  const labelProblem = label.trim() ? lineProblem(label, 100) : problem('notEmpty');
  if (labelProblem) problems.push({ field: 'label', problems: [labelProblem] });
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 366) {
    problems.push({ field: 'expiresInDays', problems: [problem('wholeDays', { min: 1, max: 366 })] });
  }
  if (problems.length) throw new BadUserInput(problems);
  const expiresAt = new Date(ctx.now().getTime() + expiresInDays * DAY_MS);
  const { token, record } = await issueToken(ctx.manager, ctx.actor!.person.id, label.trim(), expiresAt);
  return { token, details: toAccessToken(ctx.actor, record) };
}

export async function revokeMyToken(ctx: RequestContext, id: string): Promise<string> {
  demand(ctx, Right.ManageOwnTokens);
  if (!isUuid(id) || !(await revokeToken(ctx.manager, id, ctx.actor!.person.id, ctx.now()))) throw new NotFound(AccessToken, id);
  return id;
}

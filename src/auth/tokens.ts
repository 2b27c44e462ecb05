import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Unauthenticated } from '../common/errors';
import { Actor, ActorPerson, Membership } from './actor';
import { AuthToken } from './token.entity';

const PREFIX = 'rfj_';

export const digest = (token: string) => createHash('sha256').update(token).digest();

/** A new random secret with `prefix`, and the hash under which it is stored. */
export function newSecret(prefix: string): { token: string; hash: Buffer } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: digest(token) };
}

export interface IssuedToken {
  token: string;
  record: AuthToken;
}

/** A new random bearer token; only its hash is stored, the token itself is shown once. */
export async function issueToken(manager: EntityManager, personId: string, label: string, expiresAt: Date): Promise<IssuedToken> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const record = manager.create(AuthToken, { personId, tokenHash: digest(token), label, expiresAt, revokedAt: null });
  await manager.insert(AuthToken, record);
  return { token, record };
}

/** The `Authorization` value, or a bare token (as a WebSocket init payload may carry it). */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header.trim() || null;
}

interface ActorRow {
  token_id: string;
  person: ActorPerson;
  memberships: Array<{ memberId: string; committeeId: string; editionId: string; country: string; role: string }> | null;
}

/** Resolves a bearer token to its actor in one statement; an unknown, expired or revoked token is refused. */
export async function authenticate(manager: EntityManager, token: string, now: Date): Promise<Actor> {
  const rows: ActorRow[] = await manager.query(
    `SELECT t.id AS token_id,
            json_build_object('id', p.id, 'displayName', p.display_name, 'nameLatin', p.name_latin, 'nameNative', p.name_native,
              'nameKana', p.name_kana, 'function', p.function, 'organisation', p.organisation, 'bio', p.bio, 'active', p.active,
              'email', p.email, 'role', p.role, 'preferredLocale', p.preferred_locale, 'localAuthorityId', p.local_authority_id,
              'version', p.version) AS person,
            (SELECT json_agg(json_build_object('memberId', m.id, 'committeeId', c.id, 'editionId', c.edition_id,
                    'country', c.country, 'role', m.role))
               FROM committee_member m JOIN committee c ON c.id = m.committee_id
              WHERE m.person_id = p.id) AS memberships
       FROM auth_token t JOIN person p ON p.id = t.person_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND p.active`,
    [digest(token), now],
  );
  const row = rows[0];
  if (!row) throw new Unauthenticated('badToken');
  return {
    tokenId: row.token_id,
    person: row.person,
    memberships: (row.memberships ?? []) as Membership[],
  };
}

/**
 * The NOTIFY channel that tells every instance a token was revoked (its id as the payload), so that
 * the WebSocket connections signed in with it lose their live subscriptions at once.
 */
export const TOKEN_REVOKED_CHANNEL = 'token_revoked';

// Each revoked row is announced in the statement that revokes it; PostgreSQL delivers it on commit.
const announced = (update: string) =>
  `WITH revoked AS (${update} RETURNING id) SELECT id, pg_notify('${TOKEN_REVOKED_CHANNEL}', id::text) AS notified FROM revoked`;

export async function revokeToken(manager: EntityManager, tokenId: string, personId: string, now: Date): Promise<boolean> {
  const rows: unknown[] = await manager.query(announced('UPDATE auth_token SET revoked_at = $3 WHERE id = $1 AND person_id = $2'), [tokenId, personId, now]);
  return rows.length > 0;
}

/**
 * Revokes every valid token of a person (a password change, a deactivation) and ends their live
 * subscriptions on every instance. `except` keeps one token (the caller's own, after changing a password).
 */
export async function revokeAllTokensOf(manager: EntityManager, personId: string, now: Date, except?: string): Promise<number> {
  const rows: unknown[] = await manager.query(
    announced('UPDATE auth_token SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3::uuid'),
    [personId, now, except ?? null],
  );
  return rows.length;
}

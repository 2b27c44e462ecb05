import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Problem, problem } from '../common/errors';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// scrypt parameters recorded in each hash, so they can be raised later without breaking old hashes.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so that both failures take as long. */
export const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The service's name, in the forms a password might copy it. */
const SERVICE_NAMES = ['rencontres franco-japonaises de la coopération décentralisée', 'rencontres franco-japonaises', 'rencontres'];

/**
 * The password rules, the same for every way a password is chosen (creation, invitation, reset,
 * change): at least 12 characters, not the person's email, not the service's name.
 */
export function passwordProblems(password: string, email: string | null): Problem[] {
  if ([...password].length < 12) return [problem('tooShort', { min: 12 })];
  if ([...password].length > 1024) return [problem('tooLong', { max: 1024 })];
  const bare = password.trim().toLowerCase();
  if (email && bare === email.trim().toLowerCase()) return [problem('passwordIsEmail')];
  const squeezed = bare.replace(/[\s_.-]+/g, '');
  if (SERVICE_NAMES.some((name) => bare === name || squeezed === name.replace(/[\s_.-]+/g, ''))) return [problem('passwordIsServiceName')];
  return [];
}

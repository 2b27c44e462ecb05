import type { TestApp } from './app';

// People and committee seats that a test creates for itself, through the API, as an admin.

export interface NewPerson {
  id: string;
  email: string;
  password: string;
}

let created = 0;

/**
 * A new person of `role` (COMMITTEE unless said), made by the admin whose token is given; signed in
 * when asked. Each has an email of its own within the test file's database.
 */
export async function newPerson(t: TestApp, adminToken: string, options: { role?: string; displayName?: string; email?: string; password?: string; localAuthorityId?: string; signIn: true }): Promise<NewPerson & { token: string }>;
export async function newPerson(t: TestApp, adminToken: string, options?: { role?: string; displayName?: string; email?: string; password?: string; localAuthorityId?: string; signIn?: false }): Promise<NewPerson>;
export async function newPerson(
  t: TestApp,
  adminToken: string,
  options: { role?: string; displayName?: string; email?: string; password?: string; localAuthorityId?: string; signIn?: boolean } = {},
): Promise<NewPerson & { token?: string }> {
  const n = ++created;
  const email = options.email ?? `person${n}@example.net`;
  const password = options.password ?? 'a long enough password';
  const { createPerson } = await t.ok(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
    input: { displayName: options.displayName ?? `Personne ${n} [exemple]`, email, role: options.role ?? 'COMMITTEE', password, localAuthorityId: options.localAuthorityId },
  }, { token: adminToken });
  const person = { id: createPerson.id as string, email, password };
  return options.signIn ? { ...person, token: await t.login(email, password) } : person;
}

/** Seats a person on a committee (PRESIDENT, MEMBER or SECRETARIAT); the seat's id. */
export async function seat(t: TestApp, adminToken: string, committeeId: string, personId: string, role: string): Promise<string> {
  const { addCommitteeMember } = await t.ok(`mutation ($c: ID!, $p: ID!, $r: CommitteeRole!) { addCommitteeMember(committeeId: $c, personId: $p, role: $r) { id } }`,
    { c: committeeId, p: personId, r: role }, { token: adminToken });
  return addCommitteeMember.id;
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { buildAppSchema, printSortedSchema } from '../src/schema';

const root = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/**
 * Parts of the contract that later work would bring: each entry is a breaking change that
 * graphql-js reports today. Empty: the whole contract is served. It may only ever shrink.
 */
const PENDING: string[] = [];

describe('the GraphQL schema', () => {
  it('is committed exactly as the code emits it (run `npm run schema` after changing the API)', async () => {
    const emitted = printSortedSchema(await buildAppSchema());
    expect(read('schema/schema.graphql')).toBe(emitted);
  });

  it('keeps an unchanged copy of the contract', () => {
    const shared = path.resolve(root, '..', 'shared', 'contract', 'program.graphql');
    if (existsSync(shared)) expect(read('schema/contract.graphql')).toBe(readFileSync(shared, 'utf8'));
    expect(read('schema/contract.graphql')).toContain('type Query');
  });

  it('breaks nothing of the contract beyond the parts still pending', () => {
    const contract = buildSchema(read('schema/contract.graphql'));
    const ours = buildSchema(read('schema/schema.graphql'));
    const breaking = findBreakingChanges(contract, ours).map((change) => change.description);
    expect(breaking.filter((description) => !PENDING.includes(description))).toEqual([]);
    // An entry that no longer breaks anything must leave the list.
    expect(PENDING.filter((description) => !breaking.includes(description))).toEqual([]);
  });
});

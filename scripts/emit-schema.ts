import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printSortedSchema } from '../src/server/schema';

// `npm run schema`: writes the schema that the code builds to schema/schema.graphql.
async function main() {
  // Run from scripts/ (ts-node) or dist/scripts/ (compiled).
  const root = path.basename(path.resolve(__dirname, '..')) === 'dist' ? path.resolve(__dirname, '../..') : path.resolve(__dirname, '..');
  const target = path.join(root, 'schema', 'schema.graphql');
  writeFileSync(target, printSortedSchema(await buildAppSchema()));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

void main();

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * A file the repository keeps as a copy of one agreed elsewhere (the contract, a format's schema, the
 * benchmark query): its SHA-256 is pinned, so that the copy cannot drift however the suite is run; where
 * the original is at hand too (`original`), it must still be the one pinned.
 */
export function expectPinnedCopy(copy: string, sha256: string, original: string): void {
  const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  expect({ copy, sha256: digest(copy) }).toEqual({ copy, sha256 });
  if (existsSync(original)) expect({ original, sha256: digest(original) }).toEqual({ original, sha256 });
}

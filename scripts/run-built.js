'use strict';
// `node scripts/run-built.js dist/scripts/x.js args...` runs a built script, compiling first only when
// a source is newer than the last build (or there is none, as on a fresh clone). The compiler's own
// up-to-date check costs about a second; this one a few milliseconds, so a script that calls
// `npm run program` in a loop pays for Node's start only. Plain JavaScript: it runs before any build.
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, statSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

/** The newest modification time among the compiler's inputs (tsconfig.json's "include", and itself). */
function newestSource() {
  const config = path.join(root, 'tsconfig.json');
  let newest = statSync(config).mtimeMs;
  const visit = (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(file)) if (name !== 'node_modules') visit(path.join(file, name));
    } else if (file.endsWith('.ts')) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of JSON.parse(readFileSync(config, 'utf8')).include) visit(path.join(root, entry));
  return newest;
}

const built = statSync(buildInfo, { throwIfNoEntry: false });
if (!built || newestSource() > built.mtimeMs) {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

// The built script runs in this process, as its main module (it checks `require.main === module`).
process.argv.splice(1, 1);
process.argv[1] = path.resolve(root, process.argv[1]);
Module.runMain();

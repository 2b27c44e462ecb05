import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { progress, request, Settings, sleep, startChild } from './lib';

// Start-up in embedded mode (DATABASE_URL unset): `node dist/src/main.js` (what `npm start` runs
// after building) with a fresh DATA_DIR ("first": initdb, migrations, demo data), then the same
// folder again ("later"), timed from the spawn to the first answered GraphQL query. Baseline: Node and
// the embedded PostgreSQL alone (embedded-floor.ts) on a folder of its own, first and later alike.

export interface StartupFigures {
  first: number;
  later: number[];
}

async function timeStart(script: string, dataDir: string, answered: (text: string) => boolean): Promise<number> {
  const t0 = performance.now();
  const child = await startChild(script, {
    env: { DATABASE_URL: undefined, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DEMO: undefined, DEMO_PASSWORD: undefined },
    banner: /listening on (http:\/\/\S+)|GraphQL endpoint and explorer: (http:\/\/\S+)\/graphql/,
  });
  const origin = child.origin;
  const body = JSON.stringify({ query: '{ editions { number } }' });
  for (;;) {
    const reply = await request(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => undefined);
    if (reply?.status === 200 && answered(reply.text)) break;
    await sleep(20);
  }
  const elapsed = performance.now() - t0;
  await child.stop();
  return elapsed;
}

async function series(label: string, script: string, later: number, answered: (text: string) => boolean): Promise<StartupFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-bench-start-'));
  try {
    progress(`start-up, ${label}: first run (fresh DATA_DIR)`);
    const first = await timeStart(script, dataDir, answered);
    const runs: number[] = [];
    for (let i = 0; i < later; i++) {
      progress(`start-up, ${label}: later run ${i + 1}`);
      runs.push(await timeStart(script, dataDir, answered));
    }
    return { first, later: runs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measure(settings: Settings): Promise<{ service: StartupFigures; floor: StartupFigures }> {
  const service = await series('service', 'dist/src/main.js', settings.laterStarts, (text) => JSON.parse(text).data?.editions?.length > 0);
  const floor = await series('Node + embedded PostgreSQL', 'dist/scripts/bench/embedded-floor.js', settings.laterStarts, (text) => JSON.parse(text).data?.databases > 0);
  return { service, floor };
}

import 'reflect-metadata';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ballots from './ballots';
import * as conflicts from './conflicts';
import * as draft from './draft';
import { cleanUp, Load, machine, progress, ROOT, SERVER_URL, settingsFor } from './lib';
import * as live from './live';
import { profileDraft } from './profile';
import * as published from './published';
import { Memory, ReadResults, Results, write } from './report';
import { readStage, writeStage } from './stages';
import * as startup from './startup';

// npm run bench [-- --quick]: every scenario in turn, then BENCHMARKS.md (BENCHMARKS.quick.md with
// --quick: shorter runs, fewer connections, not to be committed). Exit code 1 when a check failed.

const quick = process.argv.includes('--quick');
const settings = settingsFor(quick);
const say = (label: string, l: Load) =>
  progress(`  ${label}: ${l.rps.toFixed(1)} requests/s, p50 ${l.p50} ms, p99 ${l.p99} ms${l.failures ? `, ${l.failures} FAILED` : ''}`);

async function main(): Promise<number> {
  const t0 = performance.now();
  const database = new URL(SERVER_URL);
  database.password = database.password ? '…' : '';
  progress(`${quick ? 'quick' : 'full'} run against ${database}`);
  const problems: string[] = [];
  const reads: ReadResults[] = [];
  const memory: Memory[] = [];
  let profile: Results['profile'] | undefined;

  for (const scale of settings.sizes) {
    const withPublished = scale <= 10;
    const stage = await readStage(scale);
    try {
      const checks = { draft: await draft.check(stage), ...(withPublished ? await published.check(stage) : {}) };
      await stage.measuring();
      const d = await draft.measure(stage, settings);
      say('service', d.service);
      say('floor', d.floor);
      const read: ReadResults = { scale, sessions: checks.draft.sessions ?? 0, draft: { check: checks.draft, ...d } };
      if (withPublished) {
        const p = await published.measure(stage, settings);
        for (const kind of ['release', 'export'] as const) {
          say(`${kind} service`, p[kind].service);
          say(`${kind} floor`, p[kind].floor);
        }
        read.release = { check: checks.release!, ...p.release };
        read.export = { check: checks.export!, ...p.export };
      }
      reads.push(read);
      const what = withPublished ? 'the reads' : 'the draft programme';
      memory.push({ when: `after ${what} at ${scale === 1 ? 'the demo size' : `×${scale}`}`, service: [{ name: 'service', ...stage.service.memory() }], floor: stage.floor.memory() });
      if (scale === 10) profile = { ...(await profileDraft(stage, settings)), scale };
    } finally {
      await stage.close();
    }
  }
  for (const r of reads) {
    for (const [name, m] of Object.entries({ draft: r.draft, release: r.release, export: r.export })) {
      if (m && (m.service.failures || m.floor.failures)) problems.push(`${name} at ×${r.scale}: ${m.service.failures} failed requests to the service, ${m.floor.failures} to the floor`);
    }
  }

  const stage = await writeStage(settings);
  let writes: { ballots: ballots.BallotFigures; conflicts: conflicts.ConflictResult; live: { service: live.LiveFigures; floor: live.LiveFigures } };
  try {
    const b = await ballots.measure(stage, settings);
    b.checks.forEach((line) => progress(`  ${line}`));
    const c = await conflicts.measure(stage, settings);
    c.checks.forEach((line) => progress(`  ${line}`));
    problems.push(...b.problems, ...c.problems);
    const l = await live.measure(stage, settings);
    progress(`  live changes: service median ${l.service.median.toFixed(2)} ms, floor median ${l.floor.median.toFixed(2)} ms`);
    memory.push({
      when: 'after the writes and live changes',
      service: [{ name: 'instance 1', ...stage.service.memory() }, { name: 'instance 2', ...l.second.memory() }],
      floor: stage.floor.memory(),
    });
    await l.second.stop();
    writes = { ballots: b, conflicts: c, live: { service: l.service, floor: l.floor } };
  } finally {
    await stage.close();
  }

  const starts = await startup.measure(settings);
  progress(`  start-up: service first ${(starts.service.first / 1000).toFixed(2)} s, later ${starts.service.later.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);

  const file = path.join(ROOT, quick ? 'BENCHMARKS.quick.md' : 'BENCHMARKS.md');
  const results: Results = {
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    settings,
    machine: await machine(),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    seconds: (performance.now() - t0) / 1000,
    reads,
    profile: profile!,
    ...writes,
    startup: starts,
    memory,
    problems,
  };
  write(file, results);
  progress(`wrote ${path.relative(ROOT, file)} (${(results.seconds / 60).toFixed(1)} min)`);
  for (const problem of problems) console.error(`FAILED: ${problem}`);
  return problems.length ? 1 : 0;
}

process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
main()
  .catch((error) => {
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });

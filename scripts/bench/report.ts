import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BallotFigures } from './ballots';
import type { ConflictResult } from './conflicts';
import type { ReadCheck } from './draft';
import type { Load, Settings } from './lib';
import type { LiveFigures } from './live';
import type { ProfileSummary } from './profile';
import type { StartupFigures } from './startup';

// BENCHMARKS.md: every figure beside the floor of the same run, and their ratio. The notes between
// the markers are written by people and kept from one run to the next.

export interface ReadResults {
  scale: number;
  sessions: number;
  draft: { check: ReadCheck; service: Load; floor: Load };
  /** The published programme, measured at the smaller sizes only. */
  release?: { check: ReadCheck; service: Load; floor: Load };
  export?: { check: ReadCheck; service: Load; floor: Load };
}

export interface Memory {
  when: string;
  service: Array<{ name: string; rss: number; peak: number }>;
  floor: { rss: number; peak: number };
}

export interface Results {
  command: string;
  settings: Settings;
  machine: Record<string, string>;
  date: string;
  seconds: number;
  reads: ReadResults[];
  profile: ProfileSummary & { scale: number };
  ballots: BallotFigures;
  conflicts: ConflictResult;
  live: { service: LiveFigures; floor: LiveFigures };
  startup: { service: StartupFigures; floor: StartupFigures };
  memory: Memory[];
  problems: string[];
}

const NOTES_START = '<!-- notes: written by people, kept by npm run bench -->';
const NOTES_END = '<!-- /notes -->';

const ms = (value: number) => (Math.abs(value) >= 100 ? `${value.toFixed(0)} ms` : Math.abs(value) >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`);
const perSecond = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (value: number) => `${value.toFixed(0)} MiB`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
/** service ÷ floor, two significant digits. */
const ratio = (service: number, floor: number) => (floor === 0 ? 'n/a' : `${Number((service / floor).toPrecision(2))}×`);
const positiveRatio = (service: number, floor: number) => (service > 0 && floor > 0 ? ratio(service, floor) : 'n/a');
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
const size = (scale: number) => (scale === 1 ? 'demo (×1)' : `×${scale}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** A Markdown table; `align` has one letter per column, l or r (default: the first left, the others right). */
const table = (head: string[], rows: string[][], align = head.map((_, i) => (i === 0 ? 'l' : 'r')).join('')) =>
  [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const HEAD = ['figure', 'size', 'service', 'floor', 'service ÷ floor'];

function loadRows(label: string, scale: number, m: { check: ReadCheck; service: Load; floor: Load }): string[][] {
  const failed = (l: Load) => (l.failures ? ` (${l.failures} FAILED)` : l.requests === 0 ? ' (no answer within a round)' : '');
  // No answer, no latency: autocannon's zeros are not figures.
  const latency = (l: Load, p: 'p50' | 'p99') => (l.requests ? ms(l[p]) : 'n/a');
  const latencyRatio = (p: 'p50' | 'p99') => (m.service.requests && m.floor.requests ? ratio(m.service[p], m.floor[p]) : 'n/a');
  const statements = m.check.statements ?? m.check.wire;
  const wire = m.check.statements === null ? ' (counted on the wire)' : m.check.wire !== m.check.statements ? ` in ${m.check.wire} round trips` : '';
  return [
    [`${label}: requests/s`, size(scale), perSecond(m.service.rps) + failed(m.service), perSecond(m.floor.rps) + failed(m.floor), ratio(m.service.rps, m.floor.rps)],
    [`${label}: p50 latency`, size(scale), latency(m.service, 'p50'), latency(m.floor, 'p50'), latencyRatio('p50')],
    [`${label}: p99 latency`, size(scale), latency(m.service, 'p99'), latency(m.floor, 'p99'), latencyRatio('p99')],
    [`${label}: SQL statements per request`, size(scale), `${statements}${wire}`, '1', ratio(statements, 1)],
    [`${label}: answer size`, size(scale), kb(m.check.bytes), kb(m.check.floorBytes), ratio(m.check.bytes, m.check.floorBytes)],
  ];
}

function burstRows(label: string, service: { rps: number; p50: number; p99: number }, floor: { rps: number; p50: number; p99: number }, unit: string): string[][] {
  return [
    [`${label}: ${unit}/s`, perSecond(service.rps), perSecond(floor.rps), ratio(service.rps, floor.rps)],
    [`${label}: p50 latency`, ms(service.p50), ms(floor.p50), ratio(service.p50, floor.p50)],
    [`${label}: p99 latency`, ms(service.p99), ms(floor.p99), ratio(service.p99, floor.p99)],
  ];
}

export function render(r: Results, notes: string): string {
  const s = r.settings;
  const out: string[] = [];
  out.push(`# Benchmarks

Generated by \`${r.command}\` on ${r.date}; the run took ${(r.seconds / 60).toFixed(1)} min. Every figure stands beside its
baseline measured in the same run, on the same machine, and their ratio (service ÷ baseline): the machine is shared and
noisy, so the ratios are what to compare between runs, not the raw figures.

${table(['machine', ''], Object.entries(r.machine).map(([k, v]) => [k, v]), 'll')}

**How.** Each scenario makes its own \`bench_*\` databases on the PostgreSQL of \`DATABASE_URL\` and drops them afterwards.
The service runs as a child process (\`node dist/src/main.js\`, \`DEMO=0\`, \`LOG_LEVEL=warn\`) on data loaded beforehand with
\`loadDemo(…, {scale})\`; the load comes from autocannon in the parent process, over loopback: the two never share a
thread. **The floor** (\`scripts/bench/floor.ts\`, also a child process) is the fastest way we found to give the same
answers: a bare \`node:http\` server with a pool of the service's size (10) that answers each request from ONE hand-written
SQL statement, prepared once per connection, which writes the JSON text itself; PostgreSQL's bytes are sent as they come,
never decoded; no authentication (what was tried for it: the notes). Before the load runs, one answer of each is compared:
the floor's JSON equals the service's \`data\` (deep equality, order of arrays and keys included), at every size measured,
for the draft, the release and program.json. Load runs: ${s.warmUp} s of warm-up of each, then ${s.duration} s measured of each
in ${s.rounds} alternating rounds (service then floor, floor then service, ...), so that both sample the same drift of a shared machine; ${s.connections} connections, one request in
flight per connection. Requests/s over all rounds; p50 and p99 are the medians of the rounds' own.
SQL statements per request: the service's \`X-SQL-Statements\`; beside it, when they differ, the round trips that a proxy
saw reach PostgreSQL (Query and Execute messages: the loaders send the statements due at the same time as one
multi-statement query). The proxy is used for the checks only, never under load.
`);

  out.push(`## The full draft programme

\`bench/full-program.graphql\`, variables \`{"number": 8}\`, as a committee member (POST /graphql with a bearer token);
the floor answers GET /program?number=8. Sessions: ${r.reads.map((x) => `${x.sessions} at ${size(x.scale)}`).join(', ')} (the demo's
programme copied ${r.reads.map((x) => x.scale).join(', ')} time(s)).${r.reads.filter((x) => x.draft.service.rounds !== s.rounds).map((x) => ` At ${size(x.scale)}, an answer takes
seconds: each side is measured in ${x.draft.service.rounds} rounds of ${(x.draft.service.seconds / x.draft.service.rounds).toFixed(0)} s, so that the requests cut off at the end of a round weigh little.`).join('')}

${table(HEAD, r.reads.flatMap((x) => loadRows('draft programme', x.scale, x.draft)))}
`);

  out.push(`## The published programme

At the demo size and ×10, after \`publishProgram\` (release 0.1). **latestRelease**: \`bench/published-program.graphql\` (days, sessions, workshops
of the latest release), anonymous; the floor answers GET /release?number=8 from the stored snapshot. **program.json**:
GET /editions/8/program.json, the schedule JSON export in French (the service caches the rendered page per release;
its only statement looks the latest release up); the floor renders the same JSON from the stored snapshot in one statement.

${table(HEAD, r.reads.flatMap((x) => (x.release && x.export ? [...loadRows('latestRelease', x.scale, x.release), ...loadRows('program.json', x.scale, x.export)] : [])))}
`);

  const b = r.ballots;
  const c = r.conflicts;
  out.push(`## Writes under contention

**Ballots**: ${s.voters} voters of the 8th edition's committees (distinct people, each with a token), ${s.ballotConcurrency} requests in
flight: every voter's first \`castBallot\`, then every voter's replacement, each voter once per burst. The floor runs
castBallot's guarded upsert, its audit row and its NOTIFY in one statement (POST /ballot). **Conflicting updates**:
${s.conflictRounds} rounds; in each, ${s.conflictClients} clients send \`updateSession\` quoting the same version at once (the floor: one
\`UPDATE … WHERE version = $2\` with its audit row, POST /session). Latency is per request, throughput over the whole burst.

${table(['figure', 'service', 'floor', 'service ÷ floor'], [
  ...burstRows('first ballots', b.service.first, b.floor.first, 'ballots'),
  ...burstRows('replacing ballots', b.service.replaced, b.floor.replaced, 'ballots'),
  ...burstRows('conflicting updates', c.service, c.floor, 'requests'),
])}

Checked in the database after the runs:

${[...b.checks, ...c.checks].map((line) => `- ${line}`).join('\n')}
${[...b.problems, ...c.problems].map((line) => `- **FAILED**: ${line}`).join('\n')}
`);

  out.push(`## Live changes across instances

Two service instances on one database; a graphql-ws subscriber of \`programChanged(editionId)\` on one (token in
\`connectionParams\`), \`updateSession\` on the other, ${r.live.service.tries} tries one after another: the time from the mutation's HTTP
answer to the event's arrival (negative: the event came first), and from the mutation's request to the event's arrival.
Baseline: the floor's update (one statement with its \`pg_notify\`) heard by a bare \`LISTEN\` connection, timed the same way.
PostgreSQL delivers a NOTIFY at commit, before the writer's answer can reach its client: the floor's event usually
arrives first, so a ratio is given only between positive figures.

${table(['figure', 'service', 'floor', 'service ÷ floor'], [
  ['from the answer, median', ms(r.live.service.median), ms(r.live.floor.median), positiveRatio(r.live.service.median, r.live.floor.median)],
  ['from the answer, p90', ms(r.live.service.p90), ms(r.live.floor.p90), positiveRatio(r.live.service.p90, r.live.floor.p90)],
  ['from the request, median', ms(r.live.service.fromRequest.median), ms(r.live.floor.fromRequest.median), positiveRatio(r.live.service.fromRequest.median, r.live.floor.fromRequest.median)],
  ['from the request, p90', ms(r.live.service.fromRequest.p90), ms(r.live.floor.fromRequest.p90), positiveRatio(r.live.service.fromRequest.p90, r.live.floor.fromRequest.p90)],
])}
`);

  const st = r.startup;
  out.push(`## Start-up

Embedded mode (\`DATABASE_URL\` unset): \`node dist/src/main.js\` (what \`npm start\` runs once built; the build is not
timed) with a fresh \`DATA_DIR\` in a temporary folder ("first": initdb, migrations, demo data), then the same folder
again ("later", ${s.laterStarts} run(s), median), from the spawn to the first answered GraphQL query (\`{ editions { number } }\`).
Baseline: Node and the embedded PostgreSQL alone (\`scripts/bench/embedded-floor.ts\`: the same \`startEmbeddedPostgres\`, then
one SQL query over bare HTTP), on a folder of its own, first and later alike.

${table(['figure', 'service', 'floor', 'service ÷ floor'], [
  ['first start', seconds(st.service.first), seconds(st.floor.first), ratio(st.service.first, st.floor.first)],
  ['later start', seconds(median(st.service.later)), seconds(median(st.floor.later)), ratio(median(st.service.later), median(st.floor.later))],
])}
`);

  out.push(`## Memory

Resident memory (VmRSS, and its peak VmHWM) of the child processes at the end of their runs, from /proc/<pid>/status.

${table(['when', 'service', 'floor', 'service ÷ floor'], r.memory.flatMap((m) => m.service.map((svc) => [
  `${m.when}${m.service.length > 1 ? `, ${svc.name}` : ''}`,
  `${mib(svc.rss)} (peak ${mib(svc.peak)})`, `${mib(m.floor.rss)} (peak ${mib(m.floor.peak)})`, ratio(svc.rss, m.floor.rss),
])))}
`);

  const p = r.profile;
  out.push(`## Where the time goes

The service child run with \`--cpu-prof\` (sampling every 1 ms) under the draft-programme load at ${size(p.scale)}, ${s.warmUp} s
of warm-up then ${s.profileSeconds} s (${perSecond(p.load.rps)} requests/s while profiled). Self time summed per module and per function
from the .cpuprofile, counting only the samples of the measured ${s.profileSeconds} s (not the start-up nor the warm-up); percentages of
the time the process was busy (${seconds(p.busyMs)} busy, ${seconds(p.idleMs)} idle, of ${p.seconds.toFixed(1)} s).

${table(['module', 'self time', '% of busy'], p.modules.map((m) => [m.name, ms(m.ms), `${m.percent.toFixed(1)} %`]))}

${table(['function (file:line)', 'self time', '% of busy', 'mostly called from'], p.functions.map((f) => [code(f.name), ms(f.ms), `${f.percent.toFixed(1)} %`, f.caller ? code(f.caller) : '']), 'lrrl')}
`);

  if (r.problems.length) out.push(`## Problems in this run\n\n${r.problems.map((line) => `- ${line}`).join('\n')}\n`);
  out.push(`${NOTES_START}\n${notes}\n${NOTES_END}\n`);
  return out.join('\n');
}

/** Writes the report to `file`, keeping the notes that the file already holds. */
export function write(file: string, results: Results): void {
  let notes = '## Notes\n\n(None yet.)';
  if (existsSync(file)) {
    const old = readFileSync(file, 'utf8');
    const start = old.indexOf(NOTES_START);
    const end = old.indexOf(NOTES_END);
    if (start >= 0 && end > start) notes = old.slice(start + NOTES_START.length, end).trim();
  }
  writeFileSync(file, render(results, notes));
}

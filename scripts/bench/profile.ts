import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serviceTarget } from './draft';
import { load, Load, progress, ROOT, Settings, startService } from './lib';
import type { ReadStage } from './stages';

// Where the service's time goes: a service child run with --cpu-prof under the draft-programme load,
// its .cpuprofile summed up by self time per function and per module. The profile stays in a
// temporary folder, deleted afterwards.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Of the time the process was busy (idle left out). */
  percent: number;
  /** For a function: the caller that most of its self time came through. */
  caller?: string;
}

export interface ProfileSummary {
  seconds: number;
  busyMs: number;
  idleMs: number;
  load: Load;
  functions: Share[];
  modules: Share[];
}

const META = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
const NATIVE = '(V8 builtins and native code)';

/** A module as a reader knows it: a package, a file of the service, Node's internals, or V8 itself. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return META.has(functionName) ? functionName : NATIVE;
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith('node:')) return `node:${file.slice(5).split('/').slice(0, 2).join('/')}`;
  if (file.startsWith(ROOT)) return path.relative(ROOT, file).replace(/^dist\//, '').replace(/\.js$/, '.ts');
  return file;
}

const sourceMaps = new Map<string, SourceMap | null>();

/** Where a frame is, as `file:line`: the TypeScript line for the service's own compiled files. */
function placeOf(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+\/.*)$/.exec(file);
  if (pkg) return `${pkg[1]}:${frame.lineNumber + 1}`;
  if (file.startsWith(path.join(ROOT, 'dist'))) {
    if (!sourceMaps.has(file)) sourceMaps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
    const entry = sourceMaps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) return `${path.relative(ROOT, path.resolve(path.dirname(file), entry.originalSource))}:${entry.originalLine! + 1}`;
  }
  return `${moduleOf(frame.url, frame.functionName)}:${frame.lineNumber + 1}`;
}

const labelOf = (frame: ProfileNode['callFrame']) => `${frame.functionName || '(anonymous)'}${frame.url ? ` (${placeOf(frame)})` : ''}`;

/**
 * Self time per function and per module, from the samples (each sample's delta goes to its node),
 * counting only the samples taken within `window` (µs of the monotonic clock, as the profile's own).
 * Native code (a socket's writev...) counts for the module that called it, through Node's internals.
 */
export function summarise(profile: CpuProfile, window: [number, number] = [-Infinity, Infinity], top = 20): Omit<ProfileSummary, 'load'> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  /** The nearest calling frame outside V8 and Node's internals, if any. */
  const callerOf = (node: ProfileNode): ProfileNode | undefined => {
    for (let up = parent.get(node.id); up; up = parent.get(up.id)) {
      const { url, functionName } = up.callFrame;
      if (url && !url.startsWith('node:') && labelOf(up.callFrame) !== labelOf(node.callFrame)) return up;
      if (!url && META.has(functionName)) return undefined;
    }
    return undefined;
  };

  const functions = new Map<string, { ms: number; callers: Map<string, number> }>();
  const modules = new Map<string, number>();
  let idle = 0;
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < window[0] || at > window[1]) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    total += ms;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    const caller = callerOf(node);
    let mod = moduleOf(node.callFrame.url, node.callFrame.functionName);
    if (mod === NATIVE && caller) mod = `${moduleOf(caller.callFrame.url, caller.callFrame.functionName)} (native code it calls)`;
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    const fn = labelOf(node.callFrame);
    const entry = functions.get(fn) ?? { ms: 0, callers: new Map<string, number>() };
    entry.ms += ms;
    if (caller) entry.callers.set(labelOf(caller.callFrame), (entry.callers.get(labelOf(caller.callFrame)) ?? 0) + ms);
    functions.set(fn, entry);
  });
  const busy = total - idle;
  const share = (name: string, ms: number) => ({ name, ms, percent: (100 * ms) / busy });
  return {
    seconds: total / 1000,
    busyMs: busy,
    idleMs: idle,
    modules: [...modules].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => share(name, ms)),
    functions: [...functions].sort((a, b) => b[1].ms - a[1].ms).slice(0, top).map(([name, { ms, callers }]) => ({
      ...share(name, ms),
      caller: [...callers].sort((a, b) => b[1] - a[1])[0]?.[0],
    })),
  };
}

export async function profileDraft(stage: ReadStage, settings: Settings): Promise<ProfileSummary> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rfj-bench-prof-'));
  try {
    progress(`profile: the service under --cpu-prof, draft programme at scale ${stage.scale}, ${settings.profileSeconds} s`);
    const service = await startService(stage.databaseUrl, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const measured = await load(serviceTarget({ ...stage, service }), settings, settings.profileSeconds);
    // The profile is written when the process exits (SIGTERM: the service closes and exits).
    await service.stop();
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the service wrote no .cpuprofile');
    // Only the measured run: neither the start-up nor the warm-up.
    const summary = summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), measured.window);
    if (summary.seconds < settings.profileSeconds / 2) throw new Error(`the profile holds ${summary.seconds.toFixed(1)} s of the measured run`);
    return { ...summary, load: measured };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The import structure of src/, as dependency-cruiser reads it with the rules of .dependency-cruiser.cjs:
// each layer imports only from itself and the layers below (common <- db <- auth <- modules <-
// server, demo <- main), no file imports itself through others, and the modules depend on one
// another in one direction only.

interface Cruised {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }>;
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }> };
}

const root = path.join(__dirname, '..');

function cruise(): Cruised {
  const cli = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [cli, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Cruised;
}

const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];

/** A cycle of the graph as the list of its nodes (the first repeated at the end), or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

let cruised: Cruised;
beforeAll(() => {
  cruised = cruise();
});

describe('the import structure of src/', () => {
  it('has no import from a lower layer to a higher one, and no file that imports itself through others', () => {
    const violations = cruised.summary.violations.map((v) =>
      v.cycle ? `${v.rule.name}: ${v.from} -> ${v.cycle.map((c) => c.name).join(' -> ')}` : `${v.rule.name}: ${v.from} -> ${v.to}`,
    );
    expect(violations).toEqual([]);
    // The rules saw the whole service, not an empty folder.
    expect(cruised.modules.filter((m) => m.source.startsWith('src/modules/')).length).toBeGreaterThan(50);
  });

  it('has modules that depend on one another in one direction only', () => {
    const graph = new Map<string, Set<string>>();
    for (const file of cruised.modules) {
      const from = moduleOf(file.source);
      if (!from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      for (const dependency of file.dependencies) {
        const to = moduleOf(dependency.resolved);
        if (to && to !== from) graph.get(from)!.add(to);
      }
    }
    expect(graph.size).toBeGreaterThanOrEqual(10);
    expect(findCycle(graph)).toBeNull();
  });

  it('finds a cycle between modules when there is one (the check itself)', () => {
    const graph = new Map([
      ['themes', new Set(['editions', 'program'])],
      ['program', new Set(['themes'])],
      ['editions', new Set<string>()],
    ]);
    expect(findCycle(graph)).toEqual(['themes', 'program', 'themes']);
    graph.get('program')!.delete('themes');
    expect(findCycle(graph)).toBeNull();
  });
});

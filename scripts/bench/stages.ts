import { CommitteeRole, Locale, UserRole } from '../../src/common/enums';
import { issueToken } from '../../src/auth/tokens';
import { openDatabase } from '../../src/db/database';
import { entities } from '../../src/modules';
import { CommitteeMember } from '../../src/modules/editions/committee.entity';
import { Person } from '../../src/modules/people/person.entity';
import { CountingProxy, countingProxy } from '../../test/helpers/counting-proxy';
import {
  Child, demoDatabase, log, login, onCleanup, progress, query, Settings, startFloor, startService,
} from './lib';

// The databases and processes that the scenarios run against.

/** The demo `scale` times over, read by the service and by the floor. */
export interface ReadStage {
  scale: number;
  databaseUrl: string;
  /** During the checks, the service behind the counting proxy; then a service straight on the database. */
  service: Child;
  floor: Child;
  proxy: CountingProxy;
  /** Tokens of a committee member (reads the draft) and of a president (publishes). */
  member: string;
  president: string;
  /** Ends the checks: the service is started again without the proxy, for the load runs. */
  measuring(): Promise<void>;
  close(): Promise<void>;
}

export async function readStage(scale: number): Promise<ReadStage> {
  progress(`scale ${scale}: loading the demo data ${scale} time(s) over`);
  const database = await demoDatabase(`s${scale}`, scale);
  const proxy = await countingProxy(database.url);
  onCleanup(() => proxy.close());
  const [service, floor] = await Promise.all([startService(proxy.url), startFloor(database.url)]);
  const stage: ReadStage = {
    scale,
    databaseUrl: database.url,
    service,
    floor,
    proxy,
    member: await login(service.origin, 'member1.fr@example.org'),
    president: await login(service.origin, 'president.fr@example.org'),
    async measuring() {
      await stage.service.stop();
      await proxy.close();
      stage.service = await startService(database.url);
    },
    async close() {
      await Promise.all([stage.service.stop(), floor.stop()]);
      await database.drop();
    },
  };
  return stage;
}

export interface Voter {
  id: string;
  token: string;
  committeeId: string;
}

/** The demo at its own size, with `settings.voters` more committee members of the 8th edition, each with a token. */
export interface WriteStage {
  databaseUrl: string;
  service: Child;
  floor: Child;
  editionId: string;
  voters: Voter[];
  president: string;
  close(): Promise<void>;
}

/** `count` more committee members of the 8th edition, shared between its two committees, each with a token. */
export async function addVoters(databaseUrl: string, count: number, label: string): Promise<{ editionId: string; voters: Voter[] }> {
  // People and tokens are written straight to the database: only the requests are measured.
  const dataSource = await openDatabase(databaseUrl, entities, log);
  try {
    const committees: Array<{ id: string; edition_id: string }> = await dataSource.query(
      `SELECT c.id, c.edition_id FROM committee c JOIN edition e ON e.id = c.edition_id WHERE e.number = 8 ORDER BY c.country`,
    );
    const people = Array.from({ length: count }, (_, i) =>
      dataSource.manager.create(Person, {
        displayName: `${label} ${i + 1}`, email: `${label.toLowerCase().replace(/\W+/g, '.')}.${i + 1}@example.net`, role: UserRole.COMMITTEE,
        preferredLocale: Locale.FR, localAuthorityId: null, passwordHash: null,
      }),
    );
    await dataSource.manager.insert(Person, people);
    await dataSource.manager.insert(CommitteeMember, people.map((person, i) => ({
      committeeId: committees[i % 2].id, personId: person.id, role: CommitteeRole.MEMBER,
    })));
    const expiresAt = new Date(Date.now() + 86_400_000);
    const voters: Voter[] = [];
    for (const [i, person] of people.entries()) {
      const { token } = await issueToken(dataSource.manager, person.id, 'bench', expiresAt);
      voters.push({ id: person.id, token, committeeId: committees[i % 2].id });
    }
    return { editionId: committees[0].edition_id, voters };
  } finally {
    await dataSource.destroy();
  }
}

export async function writeStage(settings: Settings): Promise<WriteStage> {
  progress(`writes: loading the demo data and ${settings.voters} more committee members`);
  const database = await demoDatabase('writes', 1);
  const { editionId, voters } = await addVoters(database.url, settings.voters, 'Bench voter');
  const [service, floor] = await Promise.all([startService(database.url), startFloor(database.url)]);
  return {
    databaseUrl: database.url,
    service,
    floor,
    editionId,
    voters,
    president: await login(service.origin, 'president.fr@example.org'),
    async close() {
      await Promise.all([service.stop(), floor.stop()]);
      await database.drop();
    },
  };
}

/** Sessions of the 8th edition, in programme order: each write scenario takes its own. */
export const sessionsOf = (stage: WriteStage) =>
  query<{ id: string; version: number }>(stage.databaseUrl, `SELECT id, version FROM session WHERE edition_id = $1 ORDER BY starts_at, id`, [stage.editionId]);

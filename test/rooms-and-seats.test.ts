import { codes, startTestApp, TestApp } from './helpers/app';

// Rooms and committee seats, changed after they were made: versioned and in the trail.

let t: TestApp;
const tokens: Record<string, string> = {};
let editionId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'president.jp', 'member1.fr', 'secretariat.clair']) tokens[who] = await t.login(`${who}@example.org`);
  editionId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
});
afterAll(() => t?.close());

const trailOf = async (id: string) => (await t.db.query(`SELECT action, changes FROM change_event WHERE entity_id = $1 ORDER BY id`, [id])).rows;

describe('a room', () => {
  it("is renamed language by language and resized by the edition's presidents and secretariat; stale versions conflict", async () => {
    const { createRoom: room } = (await t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle B", ja: "会議室B" }, capacity: 40 }) { id version } }`,
      { id: editionId }, { token: tokens.admin })).data;
    const UPDATE = `mutation ($input: UpdateRoomInput!) { updateRoom(input: $input) { version name { fr ja en } capacity } }`;
    const renamed = await t.gql(UPDATE, { input: { id: room.id, expectedVersion: 1, name: { en: 'Room B' }, capacity: 60 } }, { token: tokens['president.jp'] });
    expect(renamed.data.updateRoom).toEqual({ version: 2, name: { fr: 'Salle B', ja: '会議室B', en: 'Room B' }, capacity: 60 });
    const stale = await t.gql(UPDATE, { input: { id: room.id, expectedVersion: 1, capacity: 10 } }, { token: tokens['secretariat.clair'] });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);
    expect(codes(await t.gql(UPDATE, { input: { id: room.id, expectedVersion: 2, capacity: 10 } }, { token: tokens['member1.fr'] }))).toEqual(['FORBIDDEN']);
    const cleared = await t.gql(UPDATE, { input: { id: room.id, expectedVersion: 2, name: { fr: null, ja: null } } }, { token: tokens['secretariat.clair'] });
    expect(cleared.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.name']);
    expect(await trailOf(room.id)).toEqual([
      expect.objectContaining({ action: 'CREATE' }),
      expect.objectContaining({ action: 'UPDATE', changes: expect.objectContaining({ capacity: { from: 40, to: 60 } }) }),
    ]);
  });

  it('in use is not deleted: the answer names the sessions and workshops in it; a free one is', async () => {
    const { rows } = await t.db.query(
      `SELECT r.id, r.version, count(s.*)::int AS sessions FROM room r JOIN session s ON s.room_id = r.id WHERE r.edition_id = $1 GROUP BY r.id ORDER BY 3 DESC LIMIT 1`, [editionId]);
    const [used] = rows;
    const firstTitle = (await t.db.query(`SELECT title->>'fr' AS fr FROM session WHERE room_id = $1 ORDER BY starts_at LIMIT 1`, [used.id])).rows[0].fr;
    const DELETE = `mutation ($id: ID!, $v: Int!) { deleteRoom(id: $id, expectedVersion: $v) }`;
    const refused = await t.gql(DELETE, { id: used.id, v: used.version }, { token: tokens.admin, headers: { 'accept-language': 'fr' } });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions!.fields).toEqual([{ field: 'id', message: expect.stringContaining(`« ${firstTitle}`) }]);
    expect(refused.errors![0].message).toContain('déplacez-les');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM session WHERE room_id = $1`, [used.id])).rows[0].n).toBe(used.sessions);

    const { createRoom: free } = (await t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle C" } }) { id version } }`, { id: editionId }, { token: tokens.admin })).data;
    expect(codes(await t.gql(DELETE, { id: free.id, v: free.version }, { token: tokens['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect((await t.gql(DELETE, { id: free.id, v: free.version }, { token: tokens['secretariat.clair'] })).data.deleteRoom).toBe(free.id);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM room WHERE id = $1`, [free.id])).rows[0].n).toBe(0);
    expect((await trailOf(free.id)).map((e: any) => e.action)).toEqual(['CREATE', 'DELETE']);
  });
});

describe("a committee seat's role", () => {
  it('is changed by admins only, and recorded', async () => {
    const { rows } = await t.db.query(`SELECT m.id FROM committee_member m JOIN person p ON p.id = m.person_id WHERE p.email = 'member3.fr@example.org'`);
    const SEAT = `mutation ($id: ID!, $r: CommitteeRole!) { updateCommitteeMember(id: $id, role: $r) { role person { displayName } } }`;
    expect(codes(await t.gql(SEAT, { id: rows[0].id, r: 'PRESIDENT' }, { token: tokens['president.jp'] }))).toEqual(['FORBIDDEN']);
    const changed = await t.gql(SEAT, { id: rows[0].id, r: 'SECRETARIAT' }, { token: tokens.admin });
    expect(changed.data.updateCommitteeMember).toEqual({ role: 'SECRETARIAT', person: { displayName: 'Sophie Lefèvre [exemple]' } });
    expect(await trailOf(rows[0].id)).toEqual([expect.objectContaining({ action: 'UPDATE', changes: { role: { from: 'MEMBER', to: 'SECRETARIAT' } } })]);
    expect(codes(await t.gql(SEAT, { id: '00000000-0000-4000-8000-000000000000', r: 'MEMBER' }, { token: tokens.admin }))).toEqual(['NOT_FOUND']);
  });
});

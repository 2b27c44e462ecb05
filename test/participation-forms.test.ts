import { codes, startTestApp, TestApp } from './helpers/app';

// The story of issue 17, second part: a participation form the secretariat can act on. Each delegate
// has a name in their own script, one leads the delegation, each says the language they follow and
// their needs, and signs up for site visits and receptions; the secretariat confirms the form, and the
// programme's issues say where a room is too small or interpretation is missing.

let t: TestApp;
const token: Record<string, string> = {};
const authority: Record<string, string> = {};
let eighthId: string;
let seventhId: string;

const BEFORE = new Date('2023-09-01T08:00:00Z');
const SUBMIT = `mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id version status } }`;
const FORM = `{ edition(number: 8) { participations { id version status confirmedAt confirmedBy { displayName } localAuthority { id }
  delegates { name nativeName function email head language needs sessionIds } } } }`;
const CONFIRM = `mutation ($id: ID!, $v: Int!) { confirmParticipation(id: $id, expectedVersion: $v) { id version status confirmedAt confirmedBy { displayName } } }`;
const ISSUES = `{ edition(number: 8) { programIssues { kind sessionIds workshopIds message { en } } } }`;

async function ok(query: string, variables: Record<string, unknown> = {}, as = token.admin) {
  const result = await t.gql(query, variables, { token: as });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

async function newSession(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  return (await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id version } }`, {
    input: { editionId: eighthId, startsAt: '2024-11-19T14:00:00+09:00', endsAt: '2024-11-19T17:00:00+09:00', ...input },
  })).createSession;
}

const formOfAix = async (who: string) =>
  (await ok(FORM, {}, token[who])).edition.participations.find((p: any) => p.localAuthority.id === authority.aix);

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'rep.aix', 'member1.fr', 'president.fr']) token[who] = await t.login(`${who}@example.org`);
  authority.aix = (await t.db.query(`SELECT local_authority_id FROM person WHERE email = 'rep.aix@example.org'`)).rows[0].local_authority_id;
  const { editions } = await ok(`{ editions { id number committees { id country } } }`);
  const eighth = editions.find((e: any) => e.number === 8);
  eighthId = eighth.id;
  seventhId = editions.find((e: any) => e.number === 7).id;
  const person = await ok(`mutation { createPerson(input: { displayName: "Lucie Petit [exemple]", email: "secretariat.fr@example.org",
    role: COMMITTEE, password: "secretariat password" }) { id } }`);
  await ok(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: SECRETARIAT) { id } }`,
    { c: eighth.committees.find((c: any) => c.country === 'FR').id, p: person.createPerson.id });
  token.secretariat = await t.login('secretariat.fr@example.org', 'secretariat password');
});
afterAll(() => t?.close());

describe('a delegation', () => {
  let visit: string;

  it('lists native names, its head, languages, needs and the visits each delegate signs up for', async () => {
    visit = (await newSession({ kind: 'SITE_VISIT', title: { fr: 'Visite du port de Shimizu', ja: '清水港視察' } })).id;
    const result = await t.at(BEFORE, () => t.gql(SUBMIT, { input: {
      editionId: eighthId, attendsSteeringMeeting: true, delegates: [
        { name: 'Marc Olivier [exemple]', email: 'rep.aix@example.org', language: 'FR', needs: 'Fauteuil roulant', sessionIds: [visit] },
        { name: 'Nobuhiro Suzuki [exemple]', nativeName: '鈴木 信宏', head: true, language: 'JA', sessionIds: [visit, visit] },
      ],
    } }, { token: token['rep.aix'] }));
    expect(result.errors).toBeUndefined();
    const own = await formOfAix('rep.aix');
    expect(own.delegates).toEqual([
      { name: 'Marc Olivier [exemple]', nativeName: null, function: null, email: 'rep.aix@example.org', head: false, language: 'FR', needs: 'Fauteuil roulant', sessionIds: [visit] },
      { name: 'Nobuhiro Suzuki [exemple]', nativeName: '鈴木 信宏', function: null, email: null, head: true, language: 'JA', needs: null, sessionIds: [visit] },
    ]);
  });

  it('shows contact details and needs to the secretariat, not to other committee members', async () => {
    expect((await formOfAix('secretariat')).delegates[0]).toMatchObject({ email: 'rep.aix@example.org', needs: 'Fauteuil roulant' });
    const member = await formOfAix('member1.fr');
    expect(member.delegates[0]).toMatchObject({ name: 'Marc Olivier [exemple]', email: null, needs: null, language: 'FR', sessionIds: [visit] });
  });

  it("refuses a session of another edition, and two heads, changing nothing", async () => {
    const before = await formOfAix('admin');
    const { createSession } = await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, { input: {
      editionId: seventhId, kind: 'SITE_VISIT', title: { fr: 'Visite à Aix' }, startsAt: '2022-10-04T14:00:00+02:00', endsAt: '2022-10-04T16:00:00+02:00',
    } });
    const foreign = await t.at(BEFORE, () => t.gql(SUBMIT, { input: {
      editionId: eighthId, attendsSteeringMeeting: true, delegates: [{ name: 'A' }, { name: 'B', sessionIds: [createSession.id] }],
    } }, { token: token['rep.aix'] }));
    expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field: 'input.delegates[1].sessionIds' })]);
    const twoHeads = await t.at(BEFORE, () => t.gql(SUBMIT, { input: {
      editionId: eighthId, attendsSteeringMeeting: true, delegates: [{ name: 'A', head: true }, { name: 'B', head: true }],
    } }, { token: token['rep.aix'] }));
    expect(codes(twoHeads)).toEqual(['BAD_USER_INPUT']);
    expect(await formOfAix('admin')).toEqual(before);
  });
});

describe('confirming a form', () => {
  it('is for the secretariat and admins: the form becomes CONFIRMED, saying when and by whom', async () => {
    const form = await formOfAix('admin');
    expect(form.status).toBe('REGISTERED');
    for (const who of ['rep.aix', 'president.fr', 'member1.fr']) {
      const refused = await t.gql(CONFIRM, { id: form.id, v: form.version }, { token: token[who] });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.errors![0].extensions!.right).toBe('ConfirmParticipation');
    }
    const stale = await t.gql(CONFIRM, { id: form.id, v: form.version - 1 }, { token: token.secretariat });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const confirmed = await t.at(new Date('2023-09-05T09:30:00Z'), () => t.gql(CONFIRM, { id: form.id, v: form.version }, { token: token.secretariat }));
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmParticipation).toEqual({
      id: form.id, version: form.version + 1, status: 'CONFIRMED', confirmedAt: '2023-09-05T09:30:00.000Z', confirmedBy: { displayName: 'Lucie Petit [exemple]' },
    });
    expect((await formOfAix('rep.aix')).confirmedBy).toEqual({ displayName: 'Lucie Petit [exemple]' });
    const again = await t.gql(CONFIRM, { id: form.id, v: form.version + 1 }, { token: token.admin });
    expect(codes(again)).toEqual(['INVALID_STATE']);
    expect(again.errors![0].message).toBe('Only a registered participation can be confirmed; this one is confirmed');
  });
});

describe('programme issues from the forms', () => {
  it('reports a room too small for the delegates signed up, and a session they follow in both languages without interpretation', async () => {
    const { createRoom } = await ok(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Petit salon", ja: "小会議室" }, capacity: 1 }) { id } }`, { id: eighthId });
    const reception = await newSession({ kind: 'RECEPTION', title: { fr: 'Réception', ja: 'レセプション' }, roomId: createRoom.id });
    const workshops = await newSession({ kind: 'WORKSHOPS', title: { fr: 'Ateliers', ja: '分科会' }, interpretation: true, language: 'JA' });
    const { createWorkshop } = await ok(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id version interpretation language } }`,
      { input: { sessionId: workshops.id, title: { fr: 'Atelier eau', ja: '水の分科会' }, language: 'FR' } });
    expect(createWorkshop).toMatchObject({ interpretation: false, language: 'FR' });
    await ok(SUBMIT, { input: { editionId: eighthId, localAuthorityId: authority.aix, attendsSteeringMeeting: true, delegates: [
      { name: 'Marc Olivier [exemple]', language: 'FR', sessionIds: [reception.id, workshops.id] },
      { name: 'Nobuhiro Suzuki [exemple]', language: 'JA', head: true, sessionIds: [reception.id, workshops.id] },
    ] } });
    const issues = (await ok(ISSUES, {}, token['member1.fr'])).edition.programIssues;
    expect(issues).toEqual(expect.arrayContaining([
      { kind: 'ROOM_TOO_SMALL', sessionIds: [reception.id], workshopIds: [], message: { en: '2 delegates signed up for "Réception", but room "Petit salon" holds 1.' } },
      { kind: 'INTERPRETATION_NEEDED', sessionIds: [reception.id], workshopIds: [], message: expect.anything() },
      { kind: 'INTERPRETATION_NEEDED', sessionIds: [], workshopIds: [createWorkshop.id], message: expect.anything() },
    ]));
    // The session of the workshops has interpretation: it is no issue.
    expect(issues.filter((i: any) => i.sessionIds.includes(workshops.id))).toEqual([]);

    await ok(`mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { id } }`, { input: { id: reception.id, expectedVersion: reception.version, interpretation: true } });
    await ok(`mutation ($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { id } }`, { input: { id: createWorkshop.id, expectedVersion: createWorkshop.version, interpretation: true } });
    const after = (await ok(ISSUES, {}, token['member1.fr'])).edition.programIssues;
    expect(after.filter((i: any) => i.kind === 'INTERPRETATION_NEEDED')).toEqual([]);
    expect(after.filter((i: any) => i.kind === 'ROOM_TOO_SMALL')).toHaveLength(1);
  });
});

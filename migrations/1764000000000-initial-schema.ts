import { MigrationInterface, QueryRunner } from 'typeorm';

// The whole domain of the contract. Enumerations are text with CHECK constraints: adding a value
// later is a one-line constraint change, not an ALTER TYPE that cannot run in a transaction.

const LOCALIZED_TITLE = (column: string) =>
  `CHECK (jsonb_typeof(${column}) = 'object' AND (coalesce(${column}->>'fr', '') <> '' OR coalesce(${column}->>'ja', '') <> ''))`;
const LOCALIZED_OPTIONAL = (column: string) => `CHECK (${column} IS NULL OR jsonb_typeof(${column}) = 'object')`;

const VERSIONED = `
  version int NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_id uuid REFERENCES person(id) ON DELETE SET NULL`;

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE local_authority (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name jsonb NOT NULL ${LOCALIZED_TITLE('name')},
        country text NOT NULL CHECK (country IN ('FR', 'JP')),
        kind text NOT NULL CHECK (kind IN ('REGION', 'DEPARTMENT', 'INTERCOMMUNALITY', 'COMMUNE', 'PREFECTURE',
          'DESIGNATED_CITY', 'CITY', 'TOWN', 'VILLAGE', 'OTHER')),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid
      )`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        display_name text NOT NULL CHECK (btrim(display_name) <> ''),
        email text NOT NULL CHECK (position('@' in email) > 1),
        role text NOT NULL CHECK (role IN ('ADMIN', 'COMMITTEE', 'LOCAL_AUTHORITY')),
        preferred_locale text NOT NULL DEFAULT 'FR' CHECK (preferred_locale IN ('FR', 'JA', 'EN')),
        local_authority_id uuid REFERENCES local_authority(id) ON DELETE RESTRICT,
        password_hash text,
        ${VERSIONED},
        CONSTRAINT person_local_authority_role CHECK (role <> 'LOCAL_AUTHORITY' OR local_authority_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX person_email_unique ON person (lower(email))`);
    await q.query(`CREATE INDEX person_local_authority_id ON person (local_authority_id)`);
    await q.query(`CREATE INDEX person_updated_by_id ON person (updated_by_id)`);
    await q.query(`ALTER TABLE local_authority ADD CONSTRAINT local_authority_updated_by_fk
      FOREIGN KEY (updated_by_id) REFERENCES person(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX local_authority_updated_by_id ON local_authority (updated_by_id)`);
    await q.query(`CREATE INDEX local_authority_country ON local_authority (country)`);

    await q.query(`
      CREATE TABLE auth_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        label text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX auth_token_person_id ON auth_token (person_id)`);

    await q.query(`
      CREATE TABLE edition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number int NOT NULL UNIQUE CHECK (number >= 1),
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        host_city jsonb NOT NULL ${LOCALIZED_TITLE('host_city')},
        host_country text NOT NULL CHECK (host_country IN ('FR', 'JP')),
        start_date date NOT NULL,
        end_date date NOT NULL,
        time_zone text NOT NULL,
        general_theme jsonb ${LOCALIZED_OPTIONAL('general_theme')},
        status text NOT NULL DEFAULT 'PLANNING' CHECK (status IN ('PLANNING', 'PROGRAM_PUBLISHED', 'HELD', 'ARCHIVED')),
        suggestion_deadline timestamptz,
        participation_deadline timestamptz,
        quorum_share numeric(3, 2) NOT NULL DEFAULT 0.5 CHECK (quorum_share > 0 AND quorum_share <= 1),
        ${VERSIONED},
        CONSTRAINT edition_dates CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX edition_updated_by_id ON edition (updated_by_id)`);

    await q.query(`
      CREATE TABLE room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        name jsonb NOT NULL ${LOCALIZED_TITLE('name')},
        capacity int CHECK (capacity IS NULL OR capacity >= 0),
        ${VERSIONED}
      )`);
    await q.query(`CREATE INDEX room_edition_id ON room (edition_id)`);
    await q.query(`CREATE INDEX room_updated_by_id ON room (updated_by_id)`);

    await q.query(`
      CREATE TABLE committee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        country text NOT NULL CHECK (country IN ('FR', 'JP')),
        name jsonb NOT NULL ${LOCALIZED_TITLE('name')},
        CONSTRAINT committee_edition_country UNIQUE (edition_id, country)
      )`);
    await q.query(`
      CREATE TABLE committee_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        committee_id uuid NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('PRESIDENT', 'MEMBER', 'SECRETARIAT')),
        CONSTRAINT committee_member_once UNIQUE (committee_id, person_id)
      )`);
    await q.query(`CREATE INDEX committee_member_person_id ON committee_member (person_id)`);

    await q.query(`
      CREATE TABLE session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('OPENING', 'PLENARY', 'WORKSHOPS', 'SITE_VISIT', 'RECEPTION', 'BREAK', 'CLOSING', 'OTHER')),
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        description jsonb ${LOCALIZED_OPTIONAL('description')},
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        room_id uuid REFERENCES room(id) ON DELETE SET NULL,
        interpretation boolean NOT NULL DEFAULT false,
        ${VERSIONED},
        CONSTRAINT session_times CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX session_edition_starts_at ON session (edition_id, starts_at)`);
    await q.query(`CREATE INDEX session_room_id ON session (room_id)`);
    await q.query(`CREATE INDEX session_updated_by_id ON session (updated_by_id)`);

    await q.query(`
      CREATE TABLE workshop (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES session(id) ON DELETE CASCADE,
        position int NOT NULL DEFAULT 0,
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        description jsonb ${LOCALIZED_OPTIONAL('description')},
        room_id uuid REFERENCES room(id) ON DELETE SET NULL,
        ${VERSIONED}
      )`);
    await q.query(`CREATE INDEX workshop_session_position ON workshop (session_id, position)`);
    await q.query(`CREATE INDEX workshop_room_id ON workshop (room_id)`);
    await q.query(`CREATE INDEX workshop_updated_by_id ON workshop (updated_by_id)`);

    await q.query(`
      CREATE TABLE suggestion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        local_authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE RESTRICT,
        author_id uuid REFERENCES person(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('THEME', 'WORKSHOP', 'SESSION', 'OTHER')),
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        body jsonb ${LOCALIZED_OPTIONAL('body')},
        status text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'UNDER_REVIEW', 'ACCEPTED', 'MERGED', 'REJECTED')),
        review_note text,
        resulting_theme_id uuid,
        resulting_workshop_id uuid REFERENCES workshop(id) ON DELETE SET NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        ${VERSIONED}
      )`);
    await q.query(`CREATE INDEX suggestion_edition_status ON suggestion (edition_id, status)`);
    await q.query(`CREATE INDEX suggestion_local_authority_id ON suggestion (local_authority_id)`);
    await q.query(`CREATE INDEX suggestion_author_id ON suggestion (author_id)`);
    await q.query(`CREATE INDEX suggestion_resulting_theme_id ON suggestion (resulting_theme_id)`);
    await q.query(`CREATE INDEX suggestion_resulting_workshop_id ON suggestion (resulting_workshop_id)`);
    await q.query(`CREATE INDEX suggestion_updated_by_id ON suggestion (updated_by_id)`);

    await q.query(`
      CREATE TABLE theme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        description jsonb ${LOCALIZED_OPTIONAL('description')},
        status text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'VOTING', 'ADOPTED', 'REJECTED', 'WITHDRAWN')),
        proposed_by_id uuid REFERENCES person(id) ON DELETE SET NULL,
        from_suggestion_id uuid REFERENCES suggestion(id) ON DELETE SET NULL,
        voting_opened_at timestamptz,
        voting_closes_at timestamptz,
        decided_at timestamptz,
        ${VERSIONED}
      )`);
    await q.query(`CREATE INDEX theme_edition_status ON theme (edition_id, status)`);
    await q.query(`CREATE INDEX theme_proposed_by_id ON theme (proposed_by_id)`);
    await q.query(`CREATE INDEX theme_from_suggestion_id ON theme (from_suggestion_id)`);
    await q.query(`CREATE INDEX theme_updated_by_id ON theme (updated_by_id)`);
    await q.query(`ALTER TABLE suggestion ADD CONSTRAINT suggestion_resulting_theme_fk
      FOREIGN KEY (resulting_theme_id) REFERENCES theme(id) ON DELETE SET NULL`);

    await q.query(`
      CREATE TABLE ballot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        theme_id uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        voter_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        committee_id uuid NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
        choice text NOT NULL CHECK (choice IN ('FOR', 'AGAINST', 'ABSTAIN')),
        comment text,
        cast_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ballot_one_per_voter UNIQUE (theme_id, voter_id)
      )`);
    await q.query(`CREATE INDEX ballot_voter_id ON ballot (voter_id)`);
    await q.query(`CREATE INDEX ballot_committee_id ON ballot (committee_id)`);

    for (const [table, owner, ownerTable, target, targetTable] of [
      ['session_theme', 'session_id', 'session', 'theme_id', 'theme'],
      ['session_speaker', 'session_id', 'session', 'person_id', 'person'],
      ['workshop_theme', 'workshop_id', 'workshop', 'theme_id', 'theme'],
      ['workshop_moderator', 'workshop_id', 'workshop', 'person_id', 'person'],
      ['workshop_speaker', 'workshop_id', 'workshop', 'person_id', 'person'],
      ['workshop_local_authority', 'workshop_id', 'workshop', 'local_authority_id', 'local_authority'],
    ]) {
      await q.query(`
        CREATE TABLE ${table} (
          ${owner} uuid NOT NULL REFERENCES ${ownerTable}(id) ON DELETE CASCADE,
          ${target} uuid NOT NULL REFERENCES ${targetTable}(id) ON DELETE CASCADE,
          position int NOT NULL DEFAULT 0,
          PRIMARY KEY (${owner}, ${target})
        )`);
      await q.query(`CREATE INDEX ${table}_${target} ON ${table} (${target})`);
    }

    await q.query(`
      CREATE TABLE participation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        local_authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'REGISTERED' CHECK (status IN ('REGISTERED', 'CONFIRMED', 'CANCELLED')),
        delegates jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(delegates) = 'array'),
        attends_steering_meeting boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        ${VERSIONED},
        CONSTRAINT participation_one_per_authority UNIQUE (edition_id, local_authority_id)
      )`);
    await q.query(`CREATE INDEX participation_local_authority_id ON participation (local_authority_id)`);
    await q.query(`CREATE INDEX participation_updated_by_id ON participation (updated_by_id)`);

    await q.query(`
      CREATE TABLE steering_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        committee_id uuid REFERENCES committee(id) ON DELETE CASCADE,
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place jsonb ${LOCALIZED_OPTIONAL('place')},
        minutes jsonb ${LOCALIZED_OPTIONAL('minutes')},
        ${VERSIONED},
        CONSTRAINT steering_meeting_times CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX steering_meeting_edition_starts_at ON steering_meeting (edition_id, starts_at)`);
    await q.query(`CREATE INDEX steering_meeting_committee_id ON steering_meeting (committee_id)`);
    await q.query(`CREATE INDEX steering_meeting_updated_by_id ON steering_meeting (updated_by_id)`);

    await q.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES steering_meeting(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 1),
        title jsonb NOT NULL ${LOCALIZED_TITLE('title')},
        notes jsonb ${LOCALIZED_OPTIONAL('notes')},
        CONSTRAINT agenda_item_position UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED
      )`);

    await q.query(`
      CREATE TABLE program_release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        major int NOT NULL CHECK (major >= 0),
        minor int NOT NULL CHECK (minor >= 0),
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by_id uuid REFERENCES person(id) ON DELETE SET NULL,
        notes jsonb ${LOCALIZED_OPTIONAL('notes')},
        snapshot jsonb NOT NULL,
        changes jsonb NOT NULL,
        CONSTRAINT program_release_version UNIQUE (edition_id, major, minor)
      )`);
    await q.query(`CREATE INDEX program_release_published_by_id ON program_release (published_by_id)`);

    await q.query(`
      CREATE TABLE change_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        edition_id uuid REFERENCES edition(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES person(id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'DELETE')),
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX change_event_edition_id ON change_event (edition_id, id)`);
    await q.query(`CREATE INDEX change_event_actor_id ON change_event (actor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'change_event', 'program_release', 'agenda_item', 'steering_meeting', 'participation',
      'workshop_local_authority', 'workshop_speaker', 'workshop_moderator', 'workshop_theme', 'session_speaker', 'session_theme',
      'ballot', 'suggestion', 'theme', 'workshop', 'session', 'committee_member', 'committee', 'room', 'edition',
      'auth_token', 'person', 'local_authority',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}

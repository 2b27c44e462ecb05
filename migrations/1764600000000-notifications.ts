import { MigrationInterface, QueryRunner } from 'typeorm';

// Notifications and their settings. The job queue's tables are pg-boss's own schema (`pgboss`),
// which it creates and migrates itself when an instance starts.
export class Notifications1764600000000 implements MigrationInterface {
  name = 'Notifications1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const kinds = `'RELEASE_PUBLISHED', 'RELEASE_AWAITING_APPROVAL', 'VOTE_OPENED', 'VOTE_CLOSING_SOON', 'VOTE_CLOSED', 'SUGGESTION_REVIEWED',
      'PARTICIPATION_CONFIRMED', 'DEADLINE_APPROACHING', 'MEETING_SCHEDULED', 'MEETING_CHANGED', 'MEETING_CANCELLED'`;
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN (${kinds})),
        edition_id uuid REFERENCES edition(id) ON DELETE CASCADE,
        subject text NOT NULL,
        body text NOT NULL,
        link text,
        entity_type text,
        entity_id uuid,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        emailed_at timestamptz,
        CONSTRAINT notification_once_per_event UNIQUE (event_id, person_id)
      )`);
    await q.query(`CREATE INDEX notification_person_created ON notification (person_id, created_at)`);
    await q.query(`CREATE INDEX notification_edition_id ON notification (edition_id)`);
    await q.query(`
      CREATE TABLE notification_settings (
        person_id uuid PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
        email boolean NOT NULL DEFAULT true,
        muted text[] NOT NULL DEFAULT '{}' CHECK (muted <@ ARRAY[${kinds}]::text[])
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_settings`);
    await q.query(`DROP TABLE notification`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// Steering meetings open to local authorities (the comité de pilotage large) take registrations until
// their own deadline; one registration per authority and meeting, submitted again to update it.
export class MeetingRegistrations1764710000000 implements MigrationInterface {
  name = 'MeetingRegistrations1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE steering_meeting ADD COLUMN open_to_local_authorities boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE steering_meeting ADD COLUMN registration_deadline timestamptz`);
    await q.query(`
      CREATE TABLE meeting_registration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES steering_meeting(id) ON DELETE CASCADE,
        local_authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE RESTRICT,
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
        attendees jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(attendees) = 'array'),
        online boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid REFERENCES person(id) ON DELETE SET NULL,
        CONSTRAINT meeting_registration_one_per_authority UNIQUE (meeting_id, local_authority_id)
      )`);
    await q.query(`CREATE INDEX meeting_registration_local_authority_id ON meeting_registration (local_authority_id)`);
    await q.query(`CREATE INDEX meeting_registration_updated_by_id ON meeting_registration (updated_by_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_registration`);
    await q.query(`ALTER TABLE steering_meeting DROP COLUMN registration_deadline`);
    await q.query(`ALTER TABLE steering_meeting DROP COLUMN open_to_local_authorities`);
  }
}

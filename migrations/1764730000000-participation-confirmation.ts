import { MigrationInterface, QueryRunner } from 'typeorm';

// The secretariat confirms participation forms: when, and who.
export class ParticipationConfirmation1764730000000 implements MigrationInterface {
  name = 'ParticipationConfirmation1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participation ADD COLUMN confirmed_at timestamptz`);
    await q.query(`ALTER TABLE participation ADD COLUMN confirmed_by_id uuid REFERENCES person(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX participation_confirmed_by_id ON participation (confirmed_by_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participation DROP COLUMN confirmed_by_id`);
    await q.query(`ALTER TABLE participation DROP COLUMN confirmed_at`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// Conference apps identify events by small positive integers (the schedule JSON's `id`): sessions and
// workshops draw them from one sequence, so that no session and workshop share a number.
export class ProgramItemNumbers1764200000000 implements MigrationInterface {
  name = 'ProgramItemNumbers1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE program_item_number_seq AS int START 1`);
    for (const table of ['session', 'workshop']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN item_number int NOT NULL DEFAULT nextval('program_item_number_seq')`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_item_number_unique UNIQUE (item_number)`);
    }
    await q.query(`ALTER SEQUENCE program_item_number_seq OWNED BY NONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['session', 'workshop']) await q.query(`ALTER TABLE ${table} DROP COLUMN item_number`);
    await q.query(`DROP SEQUENCE program_item_number_seq`);
  }
}

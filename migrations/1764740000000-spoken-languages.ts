import { MigrationInterface, QueryRunner } from 'typeorm';

// What is spoken where: each session and workshop has its spoken language (null: not said yet), and
// workshops, like sessions, say whether French-Japanese interpretation is provided.
export class SpokenLanguages1764740000000 implements MigrationInterface {
  name = 'SpokenLanguages1764740000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['session', 'workshop']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN language text CHECK (language IN ('FR', 'JA', 'EN'))`);
    }
    await q.query(`ALTER TABLE workshop ADD COLUMN interpretation boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workshop DROP COLUMN interpretation`);
    for (const table of ['session', 'workshop']) await q.query(`ALTER TABLE ${table} DROP COLUMN language`);
  }
}

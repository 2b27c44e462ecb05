import { MigrationInterface, QueryRunner } from 'typeorm';

// Under BOTH_COMMITTEES a release waits for the other committee's approval before it is public. A
// release refused, or replaced by a newer one while it waited, keeps its row but gives up its version
// number, which was never public: the unique version holds among the others only.
export class ReleaseApproval1764720000000 implements MigrationInterface {
  name = 'ReleaseApproval1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE edition ADD COLUMN release_approval text NOT NULL DEFAULT 'SINGLE' CHECK (release_approval IN ('SINGLE', 'BOTH_COMMITTEES'))`);
    await q.query(`ALTER TABLE program_release ADD COLUMN status text NOT NULL DEFAULT 'PUBLISHED' CHECK (status IN ('PUBLISHED', 'AWAITING_APPROVAL', 'REJECTED'))`);
    await q.query(`ALTER TABLE program_release ADD COLUMN committee_id uuid REFERENCES committee(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE program_release ADD COLUMN approved_by_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE program_release ADD COLUMN rejection_reason jsonb`);
    // Releases published so far were approved by whoever published them.
    await q.query(`UPDATE program_release SET approved_by_ids = ARRAY[published_by_id] WHERE published_by_id IS NOT NULL`);
    await q.query(`ALTER TABLE program_release DROP CONSTRAINT program_release_version`);
    await q.query(`CREATE UNIQUE INDEX program_release_version ON program_release (edition_id, major, minor) WHERE status <> 'REJECTED'`);
    // At most one release of an edition waits at a time.
    await q.query(`CREATE UNIQUE INDEX program_release_one_waiting ON program_release (edition_id) WHERE status = 'AWAITING_APPROVAL'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM program_release WHERE status <> 'PUBLISHED'`);
    await q.query(`DROP INDEX program_release_one_waiting`);
    await q.query(`DROP INDEX program_release_version`);
    await q.query(`ALTER TABLE program_release ADD CONSTRAINT program_release_version UNIQUE (edition_id, major, minor)`);
    for (const column of ['rejection_reason', 'approved_by_ids', 'committee_id', 'status']) await q.query(`ALTER TABLE program_release DROP COLUMN ${column}`);
    await q.query(`ALTER TABLE edition DROP COLUMN release_approval`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// The change feed's order: each event gets its `position` when its transaction commits, not when it
// is inserted. A deferred trigger runs just before the commit, takes one advisory lock (held until the
// commit is visible) and numbers the transaction's events from a sequence. Positions therefore grow in
// commit order: once a reader sees position N, no event below N can still become visible, so "every
// event after the cursor" never skips one that commits late. Only the commits of transactions that
// record changes wait on one another, for the time of their commit.
export class ChangeFeedPosition1764400000000 implements MigrationInterface {
  name = 'ChangeFeedPosition1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE change_event ADD COLUMN position bigint`);
    await q.query(`CREATE SEQUENCE change_event_position_seq AS bigint`);
    // Events committed before this migration keep their id order.
    await q.query(`
      UPDATE change_event c SET position = o.n
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM change_event) o
      WHERE c.id = o.id`);
    await q.query(`SELECT setval('change_event_position_seq', (SELECT coalesce(max(position), 0) + 1 FROM change_event), false)`);
    await q.query(`CREATE UNIQUE INDEX change_event_position ON change_event (position)`);
    await q.query(`CREATE INDEX change_event_edition_position ON change_event (edition_id, position)`);
    // The channel is PROGRAM_CHANNEL (src/db/changes/change-trail.ts); the payload is the position:
    // a listener that has already read that far reads nothing more.
    await q.query(`
      CREATE FUNCTION change_event_commit_position() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        given bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(7300814250120001);
        UPDATE change_event SET position = nextval('change_event_position_seq') WHERE id = NEW.id RETURNING position INTO given;
        PERFORM pg_notify('program_changed', given::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER change_event_commit_position AFTER INSERT ON change_event
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_event_commit_position()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER change_event_commit_position ON change_event`);
    await q.query(`DROP FUNCTION change_event_commit_position()`);
    await q.query(`ALTER TABLE change_event DROP COLUMN position`);
    await q.query(`DROP SEQUENCE change_event_position_seq`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// People and accounts: a name in Latin letters, native script and kana; function, organisation
// and bio; GUEST people (no account, maybe no email); deactivation; one-time invitation links.
// display_name becomes a generated column (the native name, else the Latin one), so that every
// statement that reads it keeps working; its old text moves to name_latin (and to name_native when
// it is written in Japanese script), so nothing is lost.

const JAPANESE_SCRIPT = `'[\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF66-\\uFF9F]'`;

export class PeopleAndAccounts1764460000000 implements MigrationInterface {
  name = 'PeopleAndAccounts1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE person
        ADD COLUMN name_latin text,
        ADD COLUMN name_native text CHECK (name_native IS NULL OR btrim(name_native) <> ''),
        ADD COLUMN name_kana text CHECK (name_kana IS NULL OR btrim(name_kana) <> ''),
        ADD COLUMN function jsonb CHECK (function IS NULL OR jsonb_typeof(function) = 'object'),
        ADD COLUMN organisation jsonb CHECK (organisation IS NULL OR jsonb_typeof(organisation) = 'object'),
        ADD COLUMN bio jsonb CHECK (bio IS NULL OR jsonb_typeof(bio) = 'object'),
        ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`UPDATE person SET name_latin = display_name,
      name_native = CASE WHEN display_name ~ ${JAPANESE_SCRIPT} THEN display_name END`);
    await q.query(`ALTER TABLE person ALTER COLUMN name_latin SET NOT NULL, ADD CONSTRAINT person_name_latin_check CHECK (btrim(name_latin) <> '')`);
    await q.query(`ALTER TABLE person DROP COLUMN display_name`);
    await q.query(`ALTER TABLE person ADD COLUMN display_name text GENERATED ALWAYS AS (coalesce(name_native, name_latin)) STORED`);
    // GUEST people: listed in the programme, no account, an email only if one is known.
    await q.query(`ALTER TABLE person ALTER COLUMN email DROP NOT NULL`);
    await q.query(`ALTER TABLE person DROP CONSTRAINT person_role_check`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_role_check CHECK (role IN ('ADMIN', 'COMMITTEE', 'LOCAL_AUTHORITY', 'GUEST'))`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_guest_no_password CHECK (role <> 'GUEST' OR password_hash IS NULL)`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_account_email CHECK (role = 'GUEST' OR email IS NOT NULL)`);

    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('ACCOUNT', 'PASSWORD_RESET')),
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        invited_by_id uuid REFERENCES person(id) ON DELETE SET NULL,
        -- The role the account gets when the invitation is accepted (a GUEST becomes COMMITTEE, say).
        role text CHECK (role IN ('ADMIN', 'COMMITTEE', 'LOCAL_AUTHORITY')),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX invitation_person_id ON invitation (person_id)`);
    await q.query(`CREATE INDEX invitation_invited_by_id ON invitation (invited_by_id)`);
    await q.query(`CREATE INDEX invitation_pending ON invitation (created_at) WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invitation`);
    await q.query(`DELETE FROM person WHERE role = 'GUEST' AND NOT EXISTS (SELECT 1 FROM auth_token t WHERE t.person_id = person.id)`);
    await q.query(`ALTER TABLE person DROP CONSTRAINT person_account_email, DROP CONSTRAINT person_guest_no_password, DROP CONSTRAINT person_role_check`);
    await q.query(`UPDATE person SET role = 'COMMITTEE' WHERE role = 'GUEST'`);
    await q.query(`UPDATE person SET email = 'guest-' || id || '@invalid.example' WHERE email IS NULL`);
    await q.query(`ALTER TABLE person ADD CONSTRAINT person_role_check CHECK (role IN ('ADMIN', 'COMMITTEE', 'LOCAL_AUTHORITY')), ALTER COLUMN email SET NOT NULL`);
    await q.query(`ALTER TABLE person DROP COLUMN display_name`);
    await q.query(`ALTER TABLE person ADD COLUMN display_name text`);
    await q.query(`UPDATE person SET display_name = coalesce(name_native, name_latin)`);
    await q.query(`ALTER TABLE person ALTER COLUMN display_name SET NOT NULL, ADD CONSTRAINT person_display_name_check CHECK (btrim(display_name) <> '')`);
    await q.query(`ALTER TABLE person DROP COLUMN name_latin, DROP COLUMN name_native, DROP COLUMN name_kana,
      DROP COLUMN function, DROP COLUMN organisation, DROP COLUMN bio, DROP COLUMN active`);
  }
}

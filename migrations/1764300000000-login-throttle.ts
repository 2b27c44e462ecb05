import { MigrationInterface, QueryRunner } from 'typeorm';

// Failed logins counted per account and per address, shared by every instance of the service.
// The table's shape is the one rate-limiter-flexible's PostgreSQL store reads and writes.
export class LoginThrottle1764300000000 implements MigrationInterface {
  name = 'LoginThrottle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE login_throttle (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle`);
  }
}

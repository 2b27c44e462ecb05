import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import type { Logger } from '../logger';
import { currentScope } from '../common/request-scope';

/** TypeORM's log hook: counts each statement against the current request and logs it at debug level. */
export class CountingSqlLogger extends AbstractLogger {
  constructor(private readonly pino: Logger) {
    super(['query', 'error', 'warn']);
  }

  override logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    // The statements of each request, the number the N+1 test and the benchmark read.
    const store = currentScope();
    if (store) store.statements.count += 1;
    if (this.pino.isLevelEnabled('trace')) this.pino.trace({ sql: query, parameters }, 'sql');
  }

  protected override writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    for (const m of Array.isArray(message) ? message : [message]) {
      if (level === 'query' || m.type === 'query') continue;
      if (level === 'error' || m.type === 'query-error') this.pino.debug({ sql: m.message }, 'sql error');
      else if (level === 'warn' || m.type === 'query-slow') this.pino.warn({ sql: m.message }, 'sql warning');
    }
  }
}

// Every environment variable the service reads, parsed and validated in one place.

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  logLevel: LogLevel;
  dataDir: string;
  tokenTtlDays: number;
  /** Queries compiled by graphql-jit (the default), or run by graphql-js's executor. */
  compiledQueries: boolean;
  /** Unset: no mail is sent (notifications are still listed). */
  smtpUrl: string | undefined;
  /** The From of the mails. */
  mailFrom: string;
  /** A job running longer than this is taken as abandoned by a stopped instance and run again. */
  jobTimeoutSeconds: number;
  /** How often an instance looks for abandoned jobs. */
  jobMaintenanceSeconds: number;
  /** How often an instance looks for jobs that came due (a job queued for now wakes them at once). */
  jobPollingSeconds: number;
  /** False: this instance queues jobs but runs none (the others do). */
  jobWorkers: boolean;
  /** Compiled queries kept: at most this many, and at most about this many MiB (docs/limits.md). */
  compiledQueryCacheEntries: number;
  compiledQueryCacheMiB: number;
  /** Parsed query documents kept (Apollo's document store), in MiB of their JSON form. */
  documentCacheMiB: number;
  /** Query cost each token may spend per window (docs/limits.md). */
  queryBudget: number;
  queryBudgetWindowSeconds: number;
  /** Live subscriptions one WebSocket connection may hold (docs/limits.md). */
  wsSubscriptionsPerConnection: number;
  /** WebSocket connections one token may hold open on an instance. */
  wsConnectionsPerToken: number;
  /** Seconds a WebSocket connection may stay without connection_init, or anonymous with nothing running. */
  wsSignInSeconds: number;
  /** Where clients reach the service (links in exports and mails); unset: the address it listens on. */
  publicUrl: string | undefined;
  /** Origins of frontends allowed to call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** `X-SQL-Statements` on every answer: benchmark and test telemetry, off by default. */
  sqlStatementsHeader: boolean;
  /** The longest one SQL statement may run (a lock wait included) before it fails as SERVICE_UNAVAILABLE. */
  statementTimeoutMs: number;
  /** The longest an HTTP request may take before it is answered 503 SERVICE_UNAVAILABLE. */
  requestTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Invalid environment variable ${variable}: ${problem}`);
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min} to ${max}, got ${value}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected 1/0, true/false, yes/no or on/off, got "${env[name]}"`);
}

function urlOf(env: NodeJS.ProcessEnv, name: string, protocols: string[], fallback: string | undefined): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `expected ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}"`);
  return raw.replace(/\/+$/, '');
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'not a URL (expected postgres://user:password@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `expected a postgres:// URL, got protocol "${url.protocol}"`);
  }
  return raw;
}

/** An http(s) origin and optional path, without a trailing slash, e.g. https://programme.example.org. */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `not a URL (expected e.g. https://programme.example.org), got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', `expected an http:// or https:// URL, got "${raw}"`);
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('PUBLIC_URL', 'expected no query, fragment or credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A comma- or space-separated list of origins (scheme://host[:port]), each checked. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(/[\s,]+/).filter(Boolean).map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new ConfigError(name, `"${item}" is not an origin (expected e.g. https://app.example.org)`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== item.replace(/\/$/, '')) {
      throw new ConfigError(name, `"${item}" is not an origin (expected scheme://host[:port], no path)`);
    }
    return url.origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = databaseUrl(env);
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const demoPassword = env.DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 12) {
    throw new ConfigError('DEMO_PASSWORD', 'must be at least 12 characters long');
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'PORT', 4000, 0, 65535);
  return {
    port,
    host,
    databaseUrl: url,
    // The demo is on by default only for the embedded database, a developer's sandbox.
    demo: boolean(env, 'DEMO', url === undefined),
    demoPassword,
    logLevel,
    dataDir: env.DATA_DIR?.trim() || '.data',
    tokenTtlDays: integer(env, 'TOKEN_TTL_DAYS', 30, 1, 3650),
    compiledQueries: boolean(env, 'COMPILED_QUERIES', true),
    smtpUrl: urlOf(env, 'SMTP_URL', ['smtp:', 'smtps:'], undefined),
    mailFrom: env.MAIL_FROM?.trim() || 'Rencontres franco-japonaises <programme@localhost>',
    jobTimeoutSeconds: integer(env, 'JOB_TIMEOUT_SECONDS', 300, 1, 3600),
    jobMaintenanceSeconds: integer(env, 'JOB_MAINTENANCE_SECONDS', 30, 1, 3600),
    jobPollingSeconds: integer(env, 'JOB_POLLING_SECONDS', 2, 1, 3600),
    jobWorkers: boolean(env, 'JOB_WORKERS', true),
    compiledQueryCacheEntries: integer(env, 'COMPILED_QUERY_CACHE_ENTRIES', 200, 1, 100_000),
    compiledQueryCacheMiB: integer(env, 'COMPILED_QUERY_CACHE_MIB', 64, 1, 4096),
    documentCacheMiB: integer(env, 'DOCUMENT_CACHE_MIB', 4, 1, 1024),
    queryBudget: integer(env, 'QUERY_BUDGET', 1_000_000, 100, 1_000_000_000),
    queryBudgetWindowSeconds: integer(env, 'QUERY_BUDGET_WINDOW_SECONDS', 60, 1, 86_400),
    wsSubscriptionsPerConnection: integer(env, 'WS_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
    wsConnectionsPerToken: integer(env, 'WS_CONNECTIONS_PER_TOKEN', 10, 1, 10_000),
    wsSignInSeconds: integer(env, 'WS_SIGN_IN_SECONDS', 5, 1, 3600),
    publicUrl: publicUrl(env),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    sqlStatementsHeader: boolean(env, 'SQL_STATEMENTS_HEADER', false),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 20_000, 100, 600_000),
  };
}

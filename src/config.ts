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
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host,
    databaseUrl: url,
    // The demo is on by default only for the embedded database, a developer's sandbox.
    demo: boolean(env, 'DEMO', url === undefined),
    demoPassword,
    logLevel,
    dataDir: env.DATA_DIR?.trim() || '.data',
    tokenTtlDays: integer(env, 'TOKEN_TTL_DAYS', 30, 1, 3650),
    compiledQueries: boolean(env, 'COMPILED_QUERIES', true),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 20_000, 100, 600_000),
  };
}

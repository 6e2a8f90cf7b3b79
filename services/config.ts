/**
 * Typed configuration, read from the environment once and frozen.
 * No other module reads `process.env`: everything flows from `loadConfig()`.
 */
import path from 'node:path';
import { Ajv } from 'ajv';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly baseUrl: string;
  /** PostgreSQL connection string; unset means embedded PGlite in `dataDir/db`. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load demo records on start when the database is empty. */
  readonly demoData: boolean;
  /** Largest single file accepted, in bytes. */
  readonly maxFileSize: number;
  /** Total bytes of files one record (draft) may hold. */
  readonly recordQuota: number;
  /** Largest number of files in one record. */
  readonly maxFilesPerRecord: number;
}

const GiB = 1024 ** 3;

const envSchema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    DATA_DIR: { type: 'string', minLength: 1, default: './data' },
    BASE_URL: { type: 'string', pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    DEMO_DATA: { enum: ['true', 'false', '1', '0'], default: 'true' },
    MAX_FILE_SIZE: { type: 'integer', minimum: 1, default: 100 * GiB },
    RECORD_QUOTA: { type: 'integer', minimum: 1, default: 500 * GiB },
    MAX_FILES_PER_RECORD: { type: 'integer', minimum: 1, maximum: 100000, default: 10000 },
  },
} as const;

const describe: Record<string, string> = {
  PORT: 'an integer from 0 to 65535',
  HOST: 'a host name or address',
  DATA_DIR: 'a directory path',
  BASE_URL: 'an absolute http(s) URL such as https://data.example.org',
  DATABASE_URL: 'a postgres:// connection URL',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  DEMO_DATA: 'true or false',
  MAX_FILE_SIZE: 'a positive integer (bytes)',
  RECORD_QUOTA: 'a positive integer (bytes)',
  MAX_FILES_PER_RECORD: 'an integer from 1 to 100000',
};

/** Thrown when the environment is invalid; its message is one line naming every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates the environment. Throws `ConfigError` naming each invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const raw = { ...input };
  const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });
  const validate = ajv.compile(envSchema);
  if (!validate(input)) {
    const bad = new Set((validate.errors ?? []).map((e) => e.instancePath.slice(1)));
    const parts = [...bad].map((k) => `${k} must be ${describe[k] ?? 'valid'} (got ${JSON.stringify(raw[k])})`);
    throw new ConfigError(`Invalid configuration: ${parts.join('; ')}`);
  }
  const v = input as Record<string, unknown>;
  const port = v.PORT as number;
  const baseUrl = ((v.BASE_URL as string | undefined) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return Object.freeze({
    port,
    host: v.HOST as string,
    dataDir: path.resolve(v.DATA_DIR as string),
    baseUrl,
    databaseUrl: v.DATABASE_URL as string | undefined,
    logLevel: v.LOG_LEVEL as Config['logLevel'],
    demoData: v.DEMO_DATA === 'true' || v.DEMO_DATA === '1',
    maxFileSize: v.MAX_FILE_SIZE as number,
    recordQuota: v.RECORD_QUOTA as number,
    maxFilesPerRecord: v.MAX_FILES_PER_RECORD as number,
  });
}

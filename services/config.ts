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
  /** HS256 key for session JWTs; unset: a random key kept in DATA_DIR/session.key. */
  readonly sessionSecret: string | undefined;
  /** Lifetime of a session JWT in seconds (refreshed with the refresh cookie). */
  readonly sessionTtlSeconds: number;
  /** Lifetime of a refresh token (a login) in seconds. */
  readonly refreshTtlSeconds: number;
  /** Whether anyone may sign up (otherwise administrators create or invite users). */
  readonly signupEnabled: boolean;
  /** Require a TOTP second factor of everyone (curators and administrators always need one). */
  readonly totpRequiredForAll: boolean;
  /** Login attempts per IP per minute. */
  readonly loginRateLimit: number;
  /** External OpenID Connect provider whose bearer tokens are accepted. */
  readonly oidc: { issuer: string; jwksUrl: string; audience: string | undefined } | undefined;
  /** Longest embargo a depositor may set, in years. */
  readonly embargoMaxYears: number;
  /** Every publish needs a curator's review, not only sensitive or flagged drafts. */
  readonly reviewAllPublishes: boolean;
  /** Days an access request waits for the owner before it expires. */
  readonly accessRequestExpiryDays: number;
  /** Cookies only over HTTPS (true when BASE_URL is https). */
  readonly secureCookies: boolean;
  /** SMTP server (smtp:// or smtps://, credentials in the URL); unset: mail is kept in sent_mail and the log. */
  readonly smtpUrl: string | undefined;
  /** Sender of Cairn's mail. */
  readonly mailFrom: string;
  /** Who mints DOIs: `local` (resolved by /doi/{doi} only) or `datacite` (the DataCite REST API). */
  readonly doiProvider: 'local' | 'datacite';
  /** DOI prefix; the default 10.5072 is DataCite's retired test prefix and never resolves publicly. */
  readonly doiPrefix: string;
  /** DOI suffix with `{id}` standing for the record (or parent) id, e.g. `cairn.{id}`. */
  readonly doiSuffixPattern: string;
  /** DataCite REST API endpoint and repository credentials; set when `doiProvider` is `datacite`. */
  readonly datacite: { readonly url: string; readonly repositoryId: string; readonly password: string } | undefined;
  /** Elasticsearch node for search (credentials may be in the URL); unset: PostgreSQL full-text search. */
  readonly elasticsearchUrl: string | undefined;
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
    SESSION_SECRET: { type: 'string', minLength: 32 },
    SESSION_TTL: { type: 'integer', minimum: 60, maximum: 86400, default: 900 },
    REFRESH_TTL: { type: 'integer', minimum: 300, maximum: 31536000, default: 1209600 },
    SIGNUP_ENABLED: { enum: ['true', 'false', '1', '0'], default: 'false' },
    TOTP_REQUIRED_FOR_ALL: { enum: ['true', 'false', '1', '0'], default: 'false' },
    LOGIN_RATE_LIMIT: { type: 'integer', minimum: 1, maximum: 10000, default: 10 },
    OIDC_ISSUER: { type: 'string', pattern: '^https?://' },
    OIDC_JWKS_URL: { type: 'string', pattern: '^https?://' },
    OIDC_AUDIENCE: { type: 'string', minLength: 1 },
    EMBARGO_MAX_YEARS: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    REVIEW_ALL_PUBLISHES: { enum: ['true', 'false', '1', '0'], default: 'false' },
    ACCESS_REQUEST_EXPIRY_DAYS: { type: 'integer', minimum: 1, maximum: 365, default: 30 },
    SMTP_URL: { type: 'string', pattern: '^smtps?://[^\\s/]+' },
    MAIL_FROM: { type: 'string', minLength: 3, maxLength: 320, pattern: '^[^\\r\\n]*@[^\\r\\n]*$' },
    DOI_PROVIDER: { enum: ['local', 'datacite'], default: 'local' },
    DOI_PREFIX: { type: 'string', pattern: '^10\\.[0-9]{4,9}(\\.[0-9]+)*$', default: '10.5072' },
    DOI_SUFFIX_PATTERN: { type: 'string', pattern: '^[A-Za-z0-9._;()-]*\\{id\\}[A-Za-z0-9._;()-]*$', default: 'cairn.{id}' },
    DATACITE_URL: { type: 'string', pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', default: 'https://api.test.datacite.org' },
    DATACITE_REPOSITORY_ID: { type: 'string', minLength: 1 },
    DATACITE_PASSWORD: { type: 'string', minLength: 1 },
    ELASTICSEARCH_URL: { type: 'string', pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' },
  },
  // DataCite needs a repository account: its id and password (secrets have no defaults).
  if: { properties: { DOI_PROVIDER: { const: 'datacite' } }, required: ['DOI_PROVIDER'] },
  then: { required: ['DATACITE_REPOSITORY_ID', 'DATACITE_PASSWORD'] },
  dependencies: { OIDC_ISSUER: ['OIDC_JWKS_URL'] },
} as const;

const SECRETS = new Set(['SESSION_SECRET', 'DATABASE_URL', 'DATACITE_PASSWORD', 'SMTP_URL', 'ELASTICSEARCH_URL']);

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
  SESSION_SECRET: 'a random string of at least 32 characters',
  SESSION_TTL: 'seconds from 60 to 86400',
  REFRESH_TTL: 'seconds from 300 to 31536000',
  SIGNUP_ENABLED: 'true or false',
  TOTP_REQUIRED_FOR_ALL: 'true or false',
  LOGIN_RATE_LIMIT: 'an integer from 1 to 10000 (attempts per minute)',
  OIDC_ISSUER: 'the http(s) issuer URL of the OpenID Connect provider',
  OIDC_JWKS_URL: 'the http(s) URL of the provider JWKS (required with OIDC_ISSUER)',
  OIDC_AUDIENCE: 'the audience our tokens carry',
  EMBARGO_MAX_YEARS: 'an integer from 1 to 100',
  REVIEW_ALL_PUBLISHES: 'true or false',
  ACCESS_REQUEST_EXPIRY_DAYS: 'an integer from 1 to 365 (days)',
  SMTP_URL: 'an smtp:// or smtps:// URL such as smtps://user:password@mail.example.org:465',
  MAIL_FROM: 'a sender such as "Cairn <noreply@data.example.org>"',
  DOI_PROVIDER: 'local or datacite',
  DOI_PREFIX: 'a DOI prefix such as 10.5072',
  DOI_SUFFIX_PATTERN: 'a DOI suffix containing {id} once, of letters, digits and ._;()-, such as cairn.{id}',
  DATACITE_URL: 'the http(s) URL of the DataCite REST API, such as https://api.test.datacite.org',
  DATACITE_REPOSITORY_ID: 'the DataCite repository id (required when DOI_PROVIDER is datacite)',
  DATACITE_PASSWORD: 'the DataCite repository password (required when DOI_PROVIDER is datacite)',
  ELASTICSEARCH_URL: 'the http(s) URL of an Elasticsearch node, such as http://localhost:9200',
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
    const bad = new Set(
      (validate.errors ?? []).map((e) => e.instancePath.slice(1) || String((e.params as { missingProperty?: string }).missingProperty ?? '')),
    );
    // Never echo a secret into the logs.
    const shown = (k: string) => (k in raw ? (SECRETS.has(k) ? ' (value hidden)' : ` (got ${JSON.stringify(raw[k])})`) : ' (missing)');
    const parts = [...bad].filter((k) => k !== '').map((k) => `${k} must be ${describe[k] ?? 'valid'}${shown(k)}`);
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
    sessionSecret: v.SESSION_SECRET as string | undefined,
    sessionTtlSeconds: v.SESSION_TTL as number,
    refreshTtlSeconds: v.REFRESH_TTL as number,
    signupEnabled: v.SIGNUP_ENABLED === 'true' || v.SIGNUP_ENABLED === '1',
    totpRequiredForAll: v.TOTP_REQUIRED_FOR_ALL === 'true' || v.TOTP_REQUIRED_FOR_ALL === '1',
    loginRateLimit: v.LOGIN_RATE_LIMIT as number,
    oidc: v.OIDC_ISSUER ? { issuer: v.OIDC_ISSUER as string, jwksUrl: v.OIDC_JWKS_URL as string, audience: v.OIDC_AUDIENCE as string | undefined } : undefined,
    embargoMaxYears: v.EMBARGO_MAX_YEARS as number,
    reviewAllPublishes: v.REVIEW_ALL_PUBLISHES === 'true' || v.REVIEW_ALL_PUBLISHES === '1',
    accessRequestExpiryDays: v.ACCESS_REQUEST_EXPIRY_DAYS as number,
    secureCookies: baseUrl.startsWith('https://'),
    smtpUrl: v.SMTP_URL as string | undefined,
    mailFrom: (v.MAIL_FROM as string | undefined) ?? `Cairn <noreply@${new URL(baseUrl).hostname}>`,
    doiProvider: v.DOI_PROVIDER as Config['doiProvider'],
    doiPrefix: v.DOI_PREFIX as string,
    doiSuffixPattern: v.DOI_SUFFIX_PATTERN as string,
    datacite:
      v.DOI_PROVIDER === 'datacite'
        ? Object.freeze({ url: (v.DATACITE_URL as string).replace(/\/+$/, ''), repositoryId: v.DATACITE_REPOSITORY_ID as string, password: v.DATACITE_PASSWORD as string })
        : undefined,
    elasticsearchUrl: v.ELASTICSEARCH_URL as string | undefined,
  });
}

/**
 * `npm run --silent cairn -- users create --email E [--role admin|curator|depositor] [--token]`
 *
 * With PostgreSQL (DATABASE_URL) it writes directly. With the embedded database it
 * goes through the running server's admin socket when a server holds the database,
 * and otherwise opens the database itself under the same lock — so it never opens
 * PGlite beside a server (which would corrupt it) and never locks the server out
 * for longer than the command runs.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createUserCommand, type CreateUserRequest } from '../admin-app.js';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DataDirLockedError, readLock } from '../platform/db/data-dir-lock.js';
import { migrateToLatest } from '../platform/db/migrator.js';
import { embeddedPaths, openConfiguredDatabase } from '../platform/db/open.js';

const USAGE = 'usage: cairn users create --email EMAIL [--role depositor|curator|admin] [--token]';

class CliError extends Error {}

function parse(argv: string[]): CreateUserRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, role: { type: 'string' }, token: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.join(' ') !== 'users create') throw new CliError(USAGE);
  if (!values.email) throw new CliError(`--email is required\n${USAGE}`);
  const role = values.role;
  if (role !== undefined && role !== 'depositor' && role !== 'curator' && role !== 'admin') {
    throw new CliError(`--role must be depositor, curator or admin\n${USAGE}`);
  }
  return { email: values.email, ...(role ? { role } : {}), token: values.token };
}

type Result = Awaited<ReturnType<typeof createUserCommand>>;

function viaSocket(socketPath: string, body: CreateUserRequest): Promise<Result> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/users', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const json = JSON.parse(text || '{}') as Result & { detail?: string; errors?: Array<{ pointer: string; message: string }> };
        if (res.statusCode === 201) resolve(json);
        else reject(new CliError(`${json.detail ?? `server answered ${res.statusCode}`}${json.errors ? ` ${json.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}` : ''}`));
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function direct(config: Config, body: CreateUserRequest): Promise<Result> {
  const database = await openConfiguredDatabase(config, 'cli');
  try {
    await migrateToLatest(database.db);
    const { app, services } = await buildApp({ config, db: database.db, logger: false });
    try {
      return await createUserCommand(services.access, body);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

async function run(config: Config, body: CreateUserRequest): Promise<Result> {
  if (config.databaseUrl) return direct(config, body);
  const { lockFile } = embeddedPaths(config);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const owner = await readLock(lockFile);
    if (owner?.adminSocket) return viaSocket(owner.adminSocket, body);
    if (!owner) {
      try {
        return await direct(config, body);
      } catch (err) {
        // A server (or another command) took the lock between our look and our open: ask again.
        if (!(err instanceof DataDirLockedError)) throw err;
      }
    }
    // The holder is starting up (no socket yet) or is another command: wait for it.
    if (Date.now() > deadline) throw new CliError(`the embedded database stays locked by ${owner?.kind ?? 'another'} process ${owner?.pid ?? '?'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

try {
  const body = parse(process.argv.slice(2));
  const config = loadConfig();
  const result = await run(config, body);
  process.stdout.write(body.token ? `${result.token}\n` : `${result.user.id}\n`);
} catch (err) {
  const known = err instanceof CliError || err instanceof ConfigError || (err as { status?: number }).status !== undefined;
  process.stderr.write(`cairn: ${known ? (err as Error).message : String((err as Error).stack ?? err)}\n`);
  process.exit(1);
}

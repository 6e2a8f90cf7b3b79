/** Entry: config → database (+ migrations) → buildApp → listen; then the workers. */
import closeWithGrace from 'close-with-grace';
import { buildAdminApp, listenAdmin } from './admin-app.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { embeddedPaths, openConfiguredDatabase } from './platform/db/open.js';
import { loadDemoData } from './records/demo/load-demo.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  let database;
  for (let waited = 0; !database; waited += 250) {
    try {
      database = await openConfiguredDatabase(config, 'server');
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
      // A `cairn` command holds the embedded database for a moment: wait for it. Another server: give up.
      if (err.owner.kind === 'cli' && waited < 30_000) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      process.stderr.write(`Cannot start: ${err.message} (${embeddedPaths(config).lockFile}). Stop it first, or set DATABASE_URL.\n`);
      process.exit(1);
    }
  }
  await migrateToLatest(database.db);

  const { app, services, outbox, housekeeping } = await buildApp({ config, db: database.db });
  if (config.demoData) {
    const loaded = await loadDemoData(services);
    if (loaded > 0) app.log.info({ records: loaded }, 'empty database: loaded demo records (DEMO_DATA=false to opt out)');
  }

  const admin = buildAdminApp({ access: services.access });
  const adminSocket = embeddedPaths(config).adminSocket;

  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'closing');
    await app.close();
    await admin.close();
    await database.close();
  });

  await app.listen({ port: config.port, host: config.host });
  if (database.lock) {
    await listenAdmin(admin, adminSocket);
    await database.lock.update({ kind: 'server', adminSocket });
  }
  outbox.start();
  housekeeping.start();
  app.log.info(`Cairn API on ${config.baseUrl}/api/records · docs at ${config.baseUrl}/api/docs · database: ${config.databaseUrl ? 'PostgreSQL' : `embedded (${embeddedPaths(config).dataDir})`}`);
}

await main();

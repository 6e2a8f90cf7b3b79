/**
 * `npm run reindex`: rebuilds the search index from the database with no downtime
 * (PostgreSQL: in place, then what was not rewritten is dropped; Elasticsearch: a new
 * index version behind the alias, swapped in at the end). With the embedded database it
 * takes DATA_DIR/db.lock, so it refuses to run beside a server.
 */
import { runWithServices } from '../search/cli-run.js';

const code = await runWithServices('reindex', async ({ searchIndexer }) => {
  const tty = process.stderr.isTTY;
  const report = await searchIndexer.reindex({ onProgress: (n) => tty && process.stderr.write(`\r${n} documents`) });
  if (tty) process.stderr.write('\n');
  process.stdout.write(`reindexed ${report.documents} documents in ${report.seconds.toFixed(1)} s; removed ${report.removed} stale\n`);
  return 0;
});
process.exit(code);

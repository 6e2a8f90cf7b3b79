/**
 * `npm run index:check`: compares the search index with the database and lists drafts
 * and records missing from it, stale in it (content differs) or left in it (deleted).
 * Exit code 0 when they agree, 1 otherwise (`npm run reindex` repairs). With the
 * embedded database it takes DATA_DIR/db.lock, like `npm run migrate`.
 */
import { runWithServices } from '../search/cli-run.js';

const code = await runWithServices('index:check', async ({ searchIndexer }) => {
  const r = await searchIndexer.check();
  const list = (label: string, keys: string[]) => {
    if (keys.length === 0) return;
    process.stdout.write(`${label} (${keys.length}):\n`);
    for (const key of keys.slice(0, 1000)) process.stdout.write(`  ${key}\n`);
    if (keys.length > 1000) process.stdout.write(`  … and ${keys.length - 1000} more\n`);
  };
  list('missing from the index', r.missing);
  list('stale in the index', r.stale);
  list('in the index but deleted', r.orphaned);
  const problems = r.missing.length + r.stale.length + r.orphaned.length;
  process.stdout.write(problems === 0 ? `index up to date: ${r.checked} documents\n` : `${problems} problem(s) in ${r.checked} documents; run npm run reindex\n`);
  return problems === 0 ? 0 : 1;
});
process.exit(code);

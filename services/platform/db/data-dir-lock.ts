/**
 * PGlite lets only one process open a data directory; two would corrupt it.
 * Whoever opens the embedded database first takes this lock file (created with
 * O_EXCL, holding the owner's pid and, for a server, its admin socket path).
 * A lock whose process is gone is stale and is taken over.
 */
import fs from 'node:fs/promises';

export interface LockOwner {
  readonly pid: number;
  readonly kind: 'server' | 'cli';
  /** Unix socket of a running server's admin listener, if it has one. */
  readonly adminSocket?: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(readonly owner: LockOwner) {
    super(`the embedded database is in use by ${owner.kind} process ${owner.pid}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the current owner, or undefined when the lock is free or stale. */
export async function readLock(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await fs.readFile(lockPath, 'utf8')) as LockOwner;
    return alive(owner.pid) && owner.pid !== process.pid ? owner : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  /** Rewrites the lock with more detail (e.g. the admin socket once it listens). */
  update(owner: Omit<LockOwner, 'pid'>): Promise<void>;
  release(): Promise<void>;
}

/** Takes the lock or throws `DataDirLockedError` naming the live owner. */
export async function acquireLock(lockPath: string, owner: Omit<LockOwner, 'pid'>): Promise<DataDirLock> {
  const body = (o: Omit<LockOwner, 'pid'>) => JSON.stringify({ pid: process.pid, ...o });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(lockPath, body(owner), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        update: (o) => fs.writeFile(lockPath, body(o), { mode: 0o600 }),
        release: async () => {
          if (released) return;
          released = true;
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = await readLock(lockPath);
      if (current) throw new DataDirLockedError(current);
      // Stale: its process is gone. Remove and retry the exclusive create.
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

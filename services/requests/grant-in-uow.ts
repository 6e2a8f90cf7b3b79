/**
 * Grants a user access to a record inside the caller's unit of work, for an accepted access
 * request (the grant commits or rolls back with the request's status).
 *
 * Why not `grants.createGrant(SYSTEM, …, { uow })` on the app's GrantsService: that method
 * resolves the record and the grantee on its own database handle before it joins the unit of
 * work, and on PGlite (one connection, held by our open transaction) those reads wait forever.
 * So this builds a GrantsService bound to the transaction — the same rules, audit entry and
 * search-readers update — whose record lookup is the target the caller already resolved
 * (after checking `manageAccess` itself). Drop it once createGrant reads through `opts.uow`.
 */
import { SYSTEM } from '../access/service.js';
import { GrantsService, type GrantInput } from '../access/grants-service.js';
import type { PermissionPolicy } from '../access/policy.js';
import type { GrantRow } from '../access/tables.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { RecordsService } from '../records/service.js';

export interface GrantTarget {
  recordId: string;
  parentId: string;
  ownerId: string;
}

/** Creates (or replaces) a grant in `uow`. Throws ValidationError (bad expiry, unknown grantee). */
export type GrantInUnitOfWork = (uow: UnitOfWork, target: GrantTarget, input: GrantInput) => Promise<GrantRow>;

export function grantInUnitOfWork(config: { clock: Clock; policy: PermissionPolicy; baseUrl: string; records: RecordsService }): GrantInUnitOfWork {
  const { clock, policy, baseUrl, records } = config;
  return (uow, target, input) => {
    const scoped = new GrantsService({
      db: uow.trx,
      uow: { run: (fn, existing) => fn(existing ?? uow) },
      clock,
      policy,
      baseUrl,
      records: () => ({ target: async () => ({ parentId: target.parentId, ownerId: target.ownerId }), accessChanged: (u, parentId) => records.accessChanged(u, parentId) }),
    });
    return scoped.createGrant(SYSTEM, target.recordId, input, { uow });
  };
}

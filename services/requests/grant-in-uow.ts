/**
 * Grants a user access to a record inside the caller's unit of work, for an accepted access
 * request: the grant (with its audit entry and search-readers update) commits or rolls back
 * with the request's status. The decider's right to grant was checked before (`requireDecider`).
 */
import type { GrantInput, GrantsService } from '../access/grants-service.js';
import { SYSTEM } from '../access/service.js';
import type { GrantRow } from '../access/tables.js';
import type { UnitOfWork } from '../platform/uow.js';

export interface GrantTarget {
  recordId: string;
  parentId: string;
  ownerId: string;
}

/** Creates (or replaces) a grant in `uow`. Throws ValidationError (bad expiry, unknown grantee). */
export type GrantInUnitOfWork = (uow: UnitOfWork, target: GrantTarget, input: GrantInput) => Promise<GrantRow>;

export function grantInUnitOfWork(grants: Pick<GrantsService, 'createGrant'>): GrantInUnitOfWork {
  return (uow, target, input) => grants.createGrant(SYSTEM, target.recordId, input, { uow });
}

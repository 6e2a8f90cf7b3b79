/**
 * Who sees a request and who decides it. Seeing: its creator, its receiver, every curator,
 * and for an access request whoever manages the record's access (a `manage` grantee too).
 * Deciding: the creator cancels; curators accept or decline reviews, never their own; the
 * record's managers (owner, `manage` grantees, administrators) accept or decline access requests.
 */
import type { UserIdentity } from '../access/identity.js';
import type { PermissionPolicy } from '../access/policy.js';
import { ForbiddenError } from '../platform/errors.js';
import type { RecordsService } from '../records/service.js';
import type { GrantTarget } from './grant-in-uow.js';
import type { RequestRow } from './tables.js';

export interface DeciderContext {
  readonly policy: PermissionPolicy;
  readonly records: Pick<RecordsService, 'target'>;
}

/** Whether `user` may see the request. Never throws. */
export async function sees(ctx: DeciderContext, user: UserIdentity, row: RequestRow): Promise<boolean> {
  if (row.created_by === user.id || (row.receiver_type === 'user' && row.receiver_id === user.id)) return true;
  if (ctx.policy.can(user, 'review')) return true;
  if (row.type !== 'access-request') return false;
  return ctx.records.target(user, row.record_id, 'manageAccess').then(
    () => true,
    () => false,
  );
}

/**
 * Throws ForbiddenError unless `user` may take `decision` on the request (or the records
 * context's 403/404/410 for an access request's record). For an access request, returns the
 * record the grant will be on.
 */
export async function requireDecider(ctx: DeciderContext, user: UserIdentity, request: RequestRow, decision: 'accept' | 'decline' | 'cancel'): Promise<GrantTarget | undefined> {
  if (decision === 'cancel') {
    if (request.created_by !== user.id) throw new ForbiddenError('Only the requester may cancel a request.');
    return undefined;
  }
  if (request.created_by === user.id) throw new ForbiddenError('You may not decide your own request.');
  if (request.type === 'access-request') {
    const { parentId, ownerId } = await ctx.records.target(user, request.record_id, 'manageAccess');
    return { recordId: request.record_id, parentId, ownerId };
  }
  if (!ctx.policy.can(user, 'review')) throw new ForbiddenError('Only curators decide reviews.');
  return undefined;
}

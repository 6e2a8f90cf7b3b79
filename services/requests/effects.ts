/**
 * What accepting a request does, prepared outside the transaction (reads, checks) and applied
 * inside the unit of work that marks the request accepted, so both commit or neither does:
 * publish-review → the approval is bound to the draft revision the curator saw (the publish
 * gate lets exactly it through); embargo-extension → the embargo end moves; early-lift → the
 * embargo is lifted now; access-request → the requester is granted `download`.
 */
import type { UserIdentity } from '../access/identity.js';
import { SYSTEM } from '../access/service.js';
import type { UnitOfWork } from '../platform/uow.js';
import { DraftNotFoundError, RecordDeletedError, RecordNotFoundError } from '../records/errors.js';
import type { RecordResult, RecordsService } from '../records/service.js';
import { activeEmbargoEnd, checkExtension, futureInstant } from './embargo-rules.js';
import { EmbargoNotActiveError, RequestTargetGoneError } from './errors.js';
import type { GrantInUnitOfWork, GrantTarget } from './grant-in-uow.js';
import type { RequestRow } from './tables.js';

export interface AcceptanceDeps {
  readonly records: RecordsService;
  readonly grant: GrantInUnitOfWork;
  readonly now: Date;
  readonly embargoMaxYears: number;
}

export interface Acceptance {
  /** Runs in the unit of work of the status change; returns the request columns to set. */
  apply(uow: UnitOfWork): Promise<{ approved_revision?: number }>;
  /** access-request: when the grant ends (ISO 8601), for the requester's mail. */
  grantExpiresAt?: string | null;
}

/**
 * Checks that `request` can still be accepted and prepares its effect. `target` is the record
 * the decider manages (access requests). Throws RequestTargetGoneError, EmbargoNotActiveError,
 * ValidationError (a past grant expiry, an extension beyond the maximum).
 */
export async function prepareAcceptance(deps: AcceptanceDeps, decider: UserIdentity, request: RequestRow, input: { expires_at?: string | null }, target?: GrantTarget): Promise<Acceptance> {
  const { records, now } = deps;
  const id = request.record_id;
  switch (request.type) {
    case 'publish-review': {
      const draft = await targetOrGone(() => records.readDraft(SYSTEM, id), request);
      // The curator approves what they read: this revision, not whatever the draft becomes.
      const revision = draft.row.revision_id;
      return { apply: async () => ({ approved_revision: revision }) };
    }
    case 'embargo-extension': {
      const record = await targetOrGone(() => records.read(SYSTEM, id), request);
      const until = request.payload.until ?? '';
      checkExtension(until, activeEmbargoEnd(id, record.row.access, now), now, deps.embargoMaxYears);
      return {
        apply: async (uow) => {
          await records.setEmbargoUntil(decider, id, until, { uow });
          return {};
        },
      };
    }
    case 'early-lift': {
      const record = await targetOrGone(() => records.read(SYSTEM, id), request);
      activeEmbargoEnd(id, record.row.access, now);
      return {
        apply: async (uow) => {
          if (!(await records.liftEmbargo(id, undefined, { force: true, uow }))) throw new EmbargoNotActiveError(`Record ${id} has no active embargo.`);
          return {};
        },
      };
    }
    case 'access-request': {
      if (!target) throw new RequestTargetGoneError(`Record ${id} cannot be resolved.`);
      const expiresAt = futureInstant(input.expires_at !== undefined ? input.expires_at : (request.payload.expires_at ?? null), '/expires_at', now);
      return {
        grantExpiresAt: expiresAt,
        apply: async (uow) => {
          await deps.grant(uow, target, { subject: { type: 'user', id: request.created_by }, permission: 'download', expires_at: expiresAt });
          return {};
        },
      };
    }
  }
}

async function targetOrGone(load: () => Promise<RecordResult>, request: RequestRow): Promise<RecordResult> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof DraftNotFoundError || err instanceof RecordNotFoundError || err instanceof RecordDeletedError) {
      throw new RequestTargetGoneError(`The ${request.type === 'publish-review' ? 'draft' : 'record'} ${request.record_id} of this request is gone (published, deleted or discarded).`);
    }
    throw err;
  }
}

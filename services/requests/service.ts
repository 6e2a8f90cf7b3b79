/**
 * Curator reviews and access requests (issue 3, point 7), InvenioRDM's requests service in
 * small: a request is submitted, gathers a timeline of comments, and ends accepted,
 * declined, cancelled (by its creator) or expired. Every change runs in one unit of work
 * with its timeline entry, its audit entry, its mail (outbox) and — for an acceptance — its
 * effect on the record (see effects.ts), so a request is never accepted without its effect.
 *
 * Who: curators (and administrators) decide publish reviews, embargo extensions and early
 * lifts, never their own; the record's owner (or a `manage` grantee, or an administrator)
 * decides access requests; the creator cancels. A request is visible to its creator, its
 * receiver, the curators, and for access requests whoever manages the record; to anyone
 * else it does not exist (404). Expiry is applied when requests are read or acted on
 * (`expireDue`), so no worker is needed and nothing acts on a request past its end.
 */
import type { Kysely } from 'kysely';
import type { GrantsService } from '../access/grants-service.js';
import type { Identity, UserIdentity } from '../access/identity.js';
import type { Action, PermissionPolicy } from '../access/policy.js';
import type { AccessService } from '../access/service.js';
import type { Role } from '../access/tables.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import { PublishValidationError } from '../records/errors.js';
import type { RecordResult, RecordsService } from '../records/service.js';
import type { DraftRow } from '../records/tables.js';
import { REQUESTS_DEFAULTS } from './config.js';
import { requireDecider, sees } from './deciders.js';
import { prepareAcceptance, type Acceptance } from './effects.js';
import { activeEmbargoEnd, checkExtension, futureInstant } from './embargo-rules.js';
import { AccessAlreadyGrantedError, RequestExistsError, RequestNotFoundError, RequestNotOpenError, ReviewNotNeededError } from './errors.js';
import { grantInUnitOfWork, type GrantInUnitOfWork } from './grant-in-uow.js';
import { requireUser, text, titleOf } from './input.js';
import { noticeDecided, noticeSubmitted, type Mail } from './notices.js';
import { reviewReasons } from './publish-review-gate.js';
import { actionEvent, isUniqueViolation, requestsRepo, type RequestFilter } from './repo.js';
import type { RequestEventRow, RequestPayload, RequestRow, RequestStatus, RequestType } from './tables.js';

export interface RequestsServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly policy: PermissionPolicy;
  readonly records: RecordsService;
  readonly grants: Pick<GrantsService, 'permissionOn' | 'createGrant'>;
  readonly access: Pick<AccessService, 'emailsOf'>;
  readonly mail: Mail;
  readonly baseUrl: string;
  /** EMBARGO_MAX_YEARS: the latest an extension may reach, from now. */
  readonly embargoMaxYears: number;
  /** REVIEW_ALL_PUBLISHES. */
  readonly reviewAllPublishes: boolean;
  readonly reviewExpiryDays?: number;
  readonly accessRequestExpiryDays?: number;
}

/** A request and (for single reads and changes) its timeline, oldest first. */
export interface RequestView {
  row: RequestRow;
  timeline?: RequestEventRow[];
}

export interface RequestQuery {
  status?: RequestStatus;
  type?: RequestType;
  record?: string;
  page: number;
  size: number;
}

export interface DecisionInput {
  comment?: string | null;
  /** access-request acceptance: when the grant ends (default: what the requester asked; null: never). */
  expires_at?: string | null;
}

export type Decision = 'accept' | 'decline' | 'cancel';

const CURATORS: readonly Role[] = ['curator', 'admin'];
const OUTCOME = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' } as const;

interface Submission {
  type: RequestType;
  result: RecordResult;
  receiverId: string | null;
  payload: RequestPayload;
  expiresAt: Date;
  /** Who is mailed about it. */
  notify: readonly string[];
}

export class RequestsService {
  readonly #c: RequestsServiceConfig & { reviewExpiryDays: number; accessRequestExpiryDays: number };
  readonly #grant: GrantInUnitOfWork;
  constructor(config: RequestsServiceConfig) {
    this.#c = Object.freeze({ reviewExpiryDays: REQUESTS_DEFAULTS.reviewExpiryDays, accessRequestExpiryDays: REQUESTS_DEFAULTS.accessRequestExpiryDays, ...config });
    this.#grant = grantInUnitOfWork(config.grants);
  }

  // ---- asking ------------------------------------------------------------------------

  /**
   * Asks the curators to review a draft that needs it (sensitive, flagged personal data, or
   * REVIEW_ALL_PUBLISHES) before it is published; mails every curator and administrator.
   * Owner or editor. Throws 401/403, DraftNotFoundError, ReviewNotNeededError,
   * PublishValidationError (fix the draft first), RequestExistsError (one open per draft).
   */
  async submitPublishReview(identity: Identity, draftId: string, input: { message?: string | null } = {}): Promise<RequestView> {
    const user = requireUser(identity);
    const result = await this.#c.records.readDraft(user, draftId);
    await this.#require(user, 'updateDraft', result, 'ask for a review of this draft');
    const draft = result.row as DraftRow;
    const reasons = reviewReasons(draft, this.#c.reviewAllPublishes);
    if (reasons.length === 0) throw new ReviewNotNeededError(`Draft ${draftId} needs no review: publish it.`);
    if (result.errors.length > 0) throw new PublishValidationError(`The draft has ${result.errors.length} problem(s); fix them before asking for a review.`, { errors: result.errors });
    if (await requestsRepo.approvalFor(this.#c.db, draftId, draft.revision_id)) throw new ReviewNotNeededError('A curator approved this revision already: publish it.');
    return this.#submit(user, {
      type: 'publish-review',
      result,
      receiverId: null,
      payload: { message: text(input.message, '/message'), reasons, revision_id: draft.revision_id },
      expiresAt: this.#inDays(this.#c.reviewExpiryDays),
      notify: await this.#c.access.emailsOf({ roles: CURATORS }),
    });
  }

  /**
   * Asks the curators to move the end of a published record's embargo to `until` (a later
   * day within EMBARGO_MAX_YEARS). Owner (or whoever manages the record's access). Throws
   * 401/403/404/410, EmbargoNotActiveError, ValidationError (`/until`), RequestExistsError.
   */
  async requestEmbargoExtension(identity: Identity, recordId: string, input: { until: string; message?: string | null }): Promise<RequestView> {
    const user = requireUser(identity);
    const result = await this.#embargoed(user, recordId);
    const current = activeEmbargoEnd(recordId, result.row.access, this.#c.clock.now());
    checkExtension(input.until, current, this.#c.clock.now(), this.#c.embargoMaxYears);
    return this.#submit(user, {
      type: 'embargo-extension',
      result,
      receiverId: null,
      payload: { message: text(input.message, '/message'), until: input.until, previous_until: current },
      expiresAt: this.#until(this.#c.reviewExpiryDays, current),
      notify: await this.#c.access.emailsOf({ roles: CURATORS }),
    });
  }

  /** Asks the curators to lift a published record's embargo now. Owner. Throws like `requestEmbargoExtension`. */
  async requestEarlyLift(identity: Identity, recordId: string, input: { message?: string | null } = {}): Promise<RequestView> {
    const user = requireUser(identity);
    const result = await this.#embargoed(user, recordId);
    const current = activeEmbargoEnd(recordId, result.row.access, this.#c.clock.now());
    return this.#submit(user, {
      type: 'early-lift',
      result,
      receiverId: null,
      payload: { message: text(input.message, '/message'), previous_until: current },
      expiresAt: this.#until(this.#c.reviewExpiryDays, current),
      notify: await this.#c.access.emailsOf({ roles: CURATORS }),
    });
  }

  /**
   * Asks a record's owner for access to its restricted files (optionally until `expires_at`);
   * mails the owner. Any signed-in user who can see the record but not download its files.
   * Throws 401/403/404/410, AccessAlreadyGrantedError, ConflictError (no files),
   * ValidationError (`/expires_at`), RequestExistsError (one open per requester and record).
   */
  async requestAccess(identity: Identity, recordId: string, input: { message?: string | null; expires_at?: string | null } = {}): Promise<RequestView> {
    const user = requireUser(identity);
    if (!this.#c.policy.can(user, 'requestAccess')) throw new ForbiddenError('You may not request access.');
    const result = await this.#c.records.read(user, recordId);
    if (!result.row.files_enabled) throw new ConflictError(`Record ${recordId} has no files.`);
    if (await this.#can(user, 'readFiles', result)) throw new AccessAlreadyGrantedError(`You may already download the files of ${recordId}.`);
    const expiresAt = futureInstant(input.expires_at, '/expires_at', this.#c.clock.now());
    return this.#submit(user, {
      type: 'access-request',
      result,
      receiverId: result.parent.owner_id,
      payload: { message: text(input.message, '/message'), expires_at: expiresAt },
      expiresAt: this.#inDays(this.#c.accessRequestExpiryDays),
      notify: await this.#c.access.emailsOf({ userIds: [result.parent.owner_id] }),
    });
  }

  // ---- deciding ----------------------------------------------------------------------

  /**
   * Accepts a request and applies its effect in the same unit of work (effects.ts); mails the
   * requester. Throws 401, RequestNotFoundError, ForbiddenError (not the decider, or one's own
   * request), RequestNotOpenError, RequestTargetGoneError, EmbargoNotActiveError, ValidationError.
   */
  async accept(identity: Identity, requestId: string, input: DecisionInput = {}): Promise<RequestView> {
    return this.#decide(identity, requestId, 'accept', input);
  }

  /** Declines a request (nothing changes on the record); mails the requester. Throws like `accept`. */
  async decline(identity: Identity, requestId: string, input: DecisionInput = {}): Promise<RequestView> {
    return this.#decide(identity, requestId, 'decline', input);
  }

  /** Withdraws one's own open request. Throws 401, RequestNotFoundError, ForbiddenError, RequestNotOpenError. */
  async cancel(identity: Identity, requestId: string, input: DecisionInput = {}): Promise<RequestView> {
    return this.#decide(identity, requestId, 'cancel', input);
  }

  /** Adds a comment to the timeline of a request the caller may see (any status). Throws 401, RequestNotFoundError, ValidationError. */
  async comment(identity: Identity, requestId: string, content: string): Promise<RequestEventRow> {
    const user = requireUser(identity);
    const body = text(content, '/content');
    if (!body) throw new ValidationError('Empty comment.', { errors: [{ pointer: '/content', message: 'must not be empty' }] });
    await this.expireDue();
    const request = await this.#visible(user, requestId);
    return this.#c.uow.run((uow) => requestsRepo.appendEvent(uow.trx, { request_id: request.id, type: 'comment', action: null, actor_id: user.id, content: body, created_at: this.#c.clock.now() }));
  }

  // ---- reading -----------------------------------------------------------------------

  /** A request with its timeline. Throws 401, RequestNotFoundError (also when the caller may not see it). */
  async get(identity: Identity, requestId: string): Promise<RequestView> {
    const user = requireUser(identity);
    await this.expireDue();
    const row = await this.#visible(user, requestId);
    return { row, timeline: await requestsRepo.events(this.#c.db, row.id) };
  }

  /** The requests the caller may see (curators: all; others: made by or addressed to them), newest first. Throws 401. */
  async list(identity: Identity, query: RequestQuery): Promise<{ hits: RequestView[]; total: number }> {
    const user = requireUser(identity);
    await this.expireDue();
    const filter: RequestFilter = {
      ...(this.#c.policy.can(user, 'review') ? {} : { visibleTo: user.id }),
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.record ? { recordId: query.record } : {}),
    };
    const { rows, total } = await requestsRepo.list(this.#c.db, filter, (query.page - 1) * query.size, query.size);
    return { hits: rows.map((row) => ({ row })), total };
  }

  /**
   * The curator queue: requests waiting for a curator (oldest first, at most 100) and the
   * published records whose embargo ends within `days`. Throws 401, ForbiddenError.
   */
  async queue(identity: Identity, query: { days: number }): Promise<{ requests: { hits: RequestView[]; total: number }; embargoes: Array<{ id: string; until: string; title: string | undefined }> }> {
    const user = requireUser(identity);
    if (!this.#c.policy.can(user, 'review')) throw new ForbiddenError('Only curators see the curation queue.');
    await this.expireDue();
    const { rows, total } = await requestsRepo.list(this.#c.db, { status: 'submitted', receiverType: 'curators' }, 0, 100, 'oldest');
    const embargoes = await this.#c.records.embargoesEndingWithin(user, query.days);
    return { requests: { hits: rows.map((row) => ({ row })), total }, embargoes };
  }

  /**
   * Moves every `submitted` request whose `expires_at` has passed (by the clock, or `now`) to
   * `expired`, with a timeline entry. Idempotent; called before every read and decision.
   * Returns how many expired. Throws only on database errors.
   */
  async expireDue(now: Date = this.#c.clock.now()): Promise<number> {
    if (!(await requestsRepo.anyDue(this.#c.db, now))) return 0;
    return this.#c.uow.run(async (uow) => {
      const expired = await requestsRepo.expireDue(uow.trx, now);
      for (const { id } of expired) await requestsRepo.appendEvent(uow.trx, actionEvent(id, 'expired', null, 'No decision was made before the request expired.', now));
      return expired.length;
    });
  }

  // ---- internals ---------------------------------------------------------------------

  async #submit(user: UserIdentity, s: Submission): Promise<RequestView> {
    const recordId = s.result.row.id;
    const payload: RequestPayload = { ...s.payload, record_title: titleOf(s.result) };
    return this.#c.uow.run(async (uow) => {
      const now = this.#c.clock.now();
      const open = await requestsRepo.findOpen(uow.trx, s.type, recordId, s.type === 'access-request' ? user.id : undefined);
      if (open) throw new RequestExistsError(`Request ${open.id} of this kind is open already.`, { extra: { open_request_id: open.id } });
      let row: RequestRow;
      try {
        row = await requestsRepo.insert(uow.trx, {
          id: newId('req'),
          type: s.type,
          record_id: recordId,
          parent_id: s.result.parent.id,
          created_by: user.id,
          receiver_type: s.receiverId ? 'user' : 'curators',
          receiver_id: s.receiverId,
          payload,
          created_at: now,
          expires_at: s.expiresAt,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new RequestExistsError('A request of this kind was opened at the same moment.');
        throw err;
      }
      const event = await requestsRepo.appendEvent(uow.trx, actionEvent(row.id, 'submitted', user.id, payload.message ?? '', now));
      await uow.audit({ actorId: user.id, action: 'request.submitted', subjectType: 'record', subjectId: recordId, after: { request_id: row.id, type: row.type, payload } });
      noticeSubmitted(this.#c.mail, uow, row, user.email, s.notify);
      return { row, timeline: [event] };
    });
  }

  async #decide(identity: Identity, requestId: string, decision: Decision, input: DecisionInput): Promise<RequestView> {
    const user = requireUser(identity);
    const comment = text(input.comment, '/comment');
    await this.expireDue();
    const request = await this.#visible(user, requestId);
    const target = await requireDecider(this.#c, user, request, decision);
    if (request.status !== 'submitted') throw new RequestNotOpenError(`Request ${requestId} is ${request.status}.`);
    const deps = { records: this.#c.records, grant: this.#grant, now: this.#c.clock.now(), embargoMaxYears: this.#c.embargoMaxYears };
    const acceptance: Acceptance | undefined = decision === 'accept' ? await prepareAcceptance(deps, user, request, input, target) : undefined;
    const requester = decision === 'cancel' ? [] : await this.#c.access.emailsOf({ userIds: [request.created_by] });
    const outcome = OUTCOME[decision];
    return this.#c.uow.run(async (uow: UnitOfWork) => {
      const now = this.#c.clock.now();
      const locked = await requestsRepo.find(uow.trx, requestId, { forUpdate: true });
      if (!locked || locked.status !== 'submitted' || (locked.expires_at && locked.expires_at <= now)) {
        throw new RequestNotOpenError(`Request ${requestId} is ${locked?.status === 'submitted' ? 'expired' : (locked?.status ?? 'gone')}.`);
      }
      const effect = acceptance ? await acceptance.apply(uow) : {};
      const row = (await requestsRepo.close(uow.trx, requestId, { status: outcome, updated_at: now, ...effect }))!;
      await requestsRepo.appendEvent(uow.trx, actionEvent(requestId, outcome, user.id, comment ?? '', now));
      await uow.audit({ actorId: user.id, action: `request.${outcome}`, subjectType: 'record', subjectId: row.record_id, after: { request_id: row.id, type: row.type, ...effect } });
      if (decision !== 'cancel') {
        noticeDecided(this.#c.mail, uow, row, { accepted: decision === 'accept', by: user.email, comment, grantExpiresAt: acceptance?.grantExpiresAt ?? null }, requester);
      }
      return { row, timeline: await requestsRepo.events(uow.trx, requestId) };
    });
  }

  /** The request, if the caller may see it. Throws RequestNotFoundError otherwise. */
  async #visible(user: UserIdentity, requestId: string): Promise<RequestRow> {
    const row = await requestsRepo.find(this.#c.db, requestId);
    if (row && (await sees(this.#c, user, row))) return row;
    throw new RequestNotFoundError(`No request ${requestId}.`);
  }

  /** A published record whose access the caller manages. Throws 401/403/404/410. */
  async #embargoed(user: UserIdentity, recordId: string): Promise<RecordResult> {
    await this.#c.records.target(user, recordId, 'manageAccess');
    return this.#c.records.read(user, recordId);
  }

  async #can(user: UserIdentity, action: Action, result: RecordResult): Promise<boolean> {
    const granted = await this.#c.grants.permissionOn(user, result.parent.id);
    return this.#c.policy.can(user, action, { ownerId: result.parent.owner_id, access: result.row.access, published: !result.isDraft, granted });
  }

  async #require(user: UserIdentity, action: Action, result: RecordResult, what: string): Promise<void> {
    if (!(await this.#can(user, action, result))) throw new ForbiddenError(`You may not ${what}.`);
  }

  #inDays(days: number): Date {
    return new Date(this.#c.clock.now().getTime() + days * 86_400_000);
  }

  /** `days` from now, but no later than the day `day` begins (an embargo request is moot once it lifts). */
  #until(days: number, day: string): Date {
    return new Date(Math.min(this.#inDays(days).getTime(), Date.parse(day)));
  }
}

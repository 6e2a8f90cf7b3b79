/**
 * The publish gate of issue 3, point 6 (a RecordComponent): a draft that needs a curator's
 * review — classified `sensitive`, flagged by the personal-data scan, or any draft when
 * REVIEW_ALL_PUBLISHES is set — publishes only with an accepted publish review for its
 * current revision. The approval is bound to that revision and used up by the publish, so
 * an owner cannot publish a changed draft under an old approval: editing the metadata
 * moves the revision, and a change of files (which keeps it) voids the approval here.
 */
import type { PublishContext, RecordComponent, RecordEvent } from '../records/components.js';
import type { DraftRow } from '../records/tables.js';
import type { UnitOfWork } from '../platform/uow.js';
import { submitReviewLink } from './config.js';
import { ReviewRequiredError } from './errors.js';
import { actionEvent, requestsRepo } from './repo.js';

export interface PublishReviewGateConfig {
  /** REVIEW_ALL_PUBLISHES: every draft needs a review. */
  readonly reviewAllPublishes: boolean;
  readonly baseUrl: string;
}

/** Why a draft needs a curator's review before publishing (empty: it does not). Never throws. */
export function reviewReasons(draft: Pick<DraftRow, 'classification' | 'personal_data'>, reviewAll: boolean): string[] {
  const reasons: string[] = [];
  if (draft.classification === 'sensitive') reasons.push('sensitive');
  if ((draft.personal_data ?? []).length > 0) reasons.push('personal-data');
  if (reviewAll) reasons.push('all-publishes');
  return reasons;
}

export class PublishReviewGate implements RecordComponent {
  readonly name = 'publish-review-gate';
  readonly #c: PublishReviewGateConfig;
  constructor(config: PublishReviewGateConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /**
   * Refuses the publish with ReviewRequiredError (409 `REVIEW_REQUIRED`, with `reasons`, the
   * `submit_review` link and any waiting `open_request_id`) when the draft needs a review and no
   * accepted one covers its revision; otherwise uses the approval up.
   */
  async beforePublish(uow: UnitOfWork, { draft }: PublishContext): Promise<void> {
    const reasons = reviewReasons(draft, this.#c.reviewAllPublishes);
    const now = uow.clock.now();
    if (reasons.length === 0) {
      // Nothing to review any more (say, the flagged text was removed): a waiting request is moot.
      await this.#cancelOpen(uow, draft.id, 'The draft was published without needing a review.');
      return;
    }
    const approval = await requestsRepo.approvalFor(uow.trx, draft.id, draft.revision_id);
    if (!approval) {
      const open = await requestsRepo.findOpen(uow.trx, 'publish-review', draft.id);
      const link = submitReviewLink(this.#c.baseUrl, draft.id);
      throw new ReviewRequiredError(
        open
          ? `Publishing this draft needs a curator's approval; review request ${open.id} is waiting for a decision.`
          : `Publishing this draft needs a curator's approval of revision ${draft.revision_id}: POST ${link} to ask for a review.`,
        { extra: { reasons, revision_id: draft.revision_id, submit_review: link, ...(open ? { open_request_id: open.id } : {}) } },
      );
    }
    // One approval, one publish: the next edit of the record needs a review of its own.
    await requestsRepo.clearApprovals(uow.trx, draft.id, now);
  }

  /** A change of a draft's files voids its approval; deleting the draft also closes its open review. */
  async onEvent(uow: UnitOfWork, event: RecordEvent): Promise<void> {
    if (event.type !== 'files.changed' && event.type !== 'draft.deleted') return;
    await requestsRepo.clearApprovals(uow.trx, event.id, uow.clock.now());
    if (event.type === 'draft.deleted') await this.#cancelOpen(uow, event.id, 'The draft was deleted.');
  }

  async #cancelOpen(uow: UnitOfWork, draftId: string, why: string): Promise<void> {
    const open = await requestsRepo.findOpen(uow.trx, 'publish-review', draftId);
    if (!open) return;
    const now = uow.clock.now();
    if (!(await requestsRepo.close(uow.trx, open.id, { status: 'cancelled', updated_at: now }))) return;
    await requestsRepo.appendEvent(uow.trx, actionEvent(open.id, 'cancelled', null, why, now));
  }
}

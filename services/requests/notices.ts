/**
 * Who is told what about a request, by mail through the outbox of the request's own unit of
 * work: a review asked for → every curator and administrator; decided → the requester; an
 * access request → the record's owner; granted or declined → the requester.
 */
import type { MailService } from '../mail/mail-service.js';
import type { UnitOfWork } from '../platform/uow.js';
import { mailRequestType } from './config.js';
import type { RequestRow } from './tables.js';

export type Mail = Pick<MailService, 'enqueue'>;

const titleOf = (row: RequestRow) => row.payload.record_title || row.record_id;

/** A new request: curators (reviews) or the owner (access). `to` empty: nobody to tell. */
export function noticeSubmitted(mail: Mail, uow: UnitOfWork, row: RequestRow, by: string, to: readonly string[]): void {
  if (to.length === 0) return;
  const message = row.payload.message ?? null;
  if (row.type === 'access-request') {
    mail.enqueue(uow, 'accessRequested', { requestId: row.id, recordId: row.record_id, recordTitle: titleOf(row), requesterName: by, message }, to);
    return;
  }
  mail.enqueue(uow, 'reviewRequested', { requestId: row.id, requestType: mailRequestType(row.type, row.payload.reasons), recordId: row.record_id, recordTitle: titleOf(row), requestedBy: by, message }, to);
}

/** A decision, to the requester. */
export function noticeDecided(
  mail: Mail,
  uow: UnitOfWork,
  row: RequestRow,
  decision: { accepted: boolean; by: string; comment: string | null; grantExpiresAt?: string | null },
  to: readonly string[],
): void {
  if (to.length === 0) return;
  const common = { recordId: row.record_id, recordTitle: titleOf(row), comment: decision.comment };
  if (row.type === 'access-request') {
    if (decision.accepted) mail.enqueue(uow, 'accessGranted', { ...common, permission: 'download', expiresAt: decision.grantExpiresAt ?? null }, to);
    else mail.enqueue(uow, 'accessDeclined', common, to);
    return;
  }
  mail.enqueue(
    uow,
    'reviewDecided',
    { ...common, requestId: row.id, requestType: mailRequestType(row.type, row.payload.reasons), decision: decision.accepted ? 'accepted' : 'declined', decidedBy: decision.by },
    to,
  );
}

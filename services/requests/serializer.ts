/** A request as the API shows it (InvenioRDM-like: type, status, receiver, timeline, links). */
import { requestLinks } from './config.js';
import type { RequestView } from './service.js';
import type { RequestEventRow } from './tables.js';

export function serializeEvent(e: RequestEventRow) {
  return { id: e.id, type: e.type, action: e.action, created_by: e.actor_id, content: e.content, created: e.created_at.toISOString() };
}

export function serializeRequest(view: RequestView, baseUrl: string) {
  const r = view.row;
  const { record_title, ...payload } = r.payload;
  const recordLink = `${baseUrl}/api/records/${encodeURIComponent(r.record_id)}${r.type === 'publish-review' ? '/draft' : ''}`;
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    is_open: r.status === 'submitted',
    record_id: r.record_id,
    parent_id: r.parent_id,
    title: record_title ?? r.record_id,
    created_by: r.created_by,
    receiver: r.receiver_type === 'user' ? { type: 'user', id: r.receiver_id } : { type: 'curators' },
    payload,
    approved_revision: r.approved_revision,
    created: r.created_at.toISOString(),
    updated: r.updated_at.toISOString(),
    expires_at: r.expires_at?.toISOString() ?? null,
    ...(view.timeline ? { timeline: view.timeline.map(serializeEvent) } : {}),
    links: { ...requestLinks(baseUrl, r.id), record: recordLink },
  };
}

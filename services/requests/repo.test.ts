/** The one-open-request rule in the database itself (partial unique indexes). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../platform/testing/test-db.js';
import { isUniqueViolation, requestsRepo, type NewRequest } from './repo.js';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
}, 120_000);
afterAll(async () => d.destroy(), 60_000);

const base: NewRequest = { id: '', type: 'early-lift', record_id: 'rec01-00001', parent_id: 'par01-00001', created_by: 'usr_a', receiver_type: 'curators', receiver_id: null, payload: {}, created_at: new Date('2026-06-01T00:00:00Z'), expires_at: null };
const insert = (v: Partial<NewRequest> & { id: string }) => requestsRepo.insert(d.db, { ...base, ...v }).then(() => 'ok', (err: unknown) => (isUniqueViolation(err) ? 'duplicate' : err));

describe('requests table', () => {
  it('admits one open curator request per record and kind, and one open access request per requester', async () => {
    expect(await insert({ id: 'req_1' })).toBe('ok');
    expect(await insert({ id: 'req_2', created_by: 'usr_b' })).toBe('duplicate');
    expect(await insert({ id: 'req_3', type: 'embargo-extension' })).toBe('ok');
    const access = { type: 'access-request' as const, receiver_type: 'user' as const, receiver_id: 'usr_owner' };
    expect(await insert({ id: 'req_4', ...access })).toBe('ok');
    expect(await insert({ id: 'req_5', ...access, created_by: 'usr_b' })).toBe('ok');
    expect(await insert({ id: 'req_6', ...access })).toBe('duplicate');
    // Once closed, a new one may open.
    await requestsRepo.close(d.db, 'req_1', { status: 'declined', updated_at: new Date() });
    expect(await insert({ id: 'req_7' })).toBe('ok');
  });
});

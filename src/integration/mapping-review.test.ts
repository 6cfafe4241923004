// Scenario: a workspace's 24SO login moves between clients A, B and C; a review is opened only when mappings exist and the client changes, stays anchored to the client the mappings were made for, and closes when the login comes back to it.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { lastMappedClient, recordMappedClient } from './mapping-review.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';

const A = { identityId: 'aaaa', name: 'Klient A' };
const B = { identityId: 'BBBB', name: 'Klient B' };
const C = { identityId: 'cccc', name: 'Klient C' };
const clock = () => new Date('2026-05-01T08:00:00.000Z');

describeEachDatabase('the client the mappings were made for', (getDb) => {
  const stateOf = async (workspaceId: string) =>
    getDb()
      .selectFrom('integration_mapping_reviews')
      .select(['state', 'identity_id', 'from_client_name', 'previous_names'])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();

  it('opens a review on a switch with mappings, keeps its origin through a second switch, closes it back home', async () => {
    const ws = await insertFixtureWorkspace(getDb(), `review-${randomUUID().slice(0, 8)}`);
    const record = (client: typeof A, previous: typeof A | null, names: Record<string, string> = {}) =>
      recordMappedClient(getDb(), clock, {
        workspaceId: ws.workspaceId,
        actor: 'admin@firma.no',
        client,
        previous,
        names,
        hasMappings: true,
      });
    expect(await record(A, null)).toEqual({ reviewOpened: false });
    expect((await stateOf(ws.workspaceId)).state).toBe('none');
    // Same client, another case of the id: no switch.
    expect(await record({ ...A, identityId: 'AAAA' }, A)).toEqual({ reviewOpened: false });

    expect(await record(B, A, { 'hours.workTypeByHourType.ORD': 'Ordinær' })).toEqual({ reviewOpened: true });
    expect(await stateOf(ws.workspaceId)).toEqual({
      state: 'pending',
      identity_id: 'BBBB',
      from_client_name: 'Klient A',
      previous_names: JSON.stringify({ 'hours.workTypeByHourType.ORD': 'Ordinær' }),
    });
    // On to C before confirming: still a review of A's mappings, with A's names.
    expect(await record(C, B, { 'hours.workTypeByHourType.ORD': 'Kjøring' })).toEqual({
      reviewOpened: false,
    });
    expect(await stateOf(ws.workspaceId)).toMatchObject({
      state: 'pending',
      identity_id: 'cccc',
      from_client_name: 'Klient A',
    });
    expect((await stateOf(ws.workspaceId)).previous_names).toContain('Ordinær');

    // Back on A: the mappings mean what they meant.
    await record(A, C);
    expect((await stateOf(ws.workspaceId)).state).toBe('none');
    expect(await lastMappedClient(getDb(), ws.workspaceId)).toMatchObject({
      identityId: 'aaaa',
      name: 'Klient A',
    });
  });

  it('opens no review when nothing is mapped', async () => {
    const ws = await insertFixtureWorkspace(getDb(), `review-${randomUUID().slice(0, 8)}`);
    const base = { workspaceId: ws.workspaceId, actor: 'a', names: {}, hasMappings: false };
    await recordMappedClient(getDb(), clock, { ...base, client: A, previous: null });
    expect(await recordMappedClient(getDb(), clock, { ...base, client: B, previous: A })).toEqual({
      reviewOpened: false,
    });
    expect(await stateOf(ws.workspaceId)).toMatchObject({ state: 'none', identity_id: 'BBBB' });
  });
});

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createApiToken, revokeApiToken } from '../workspace/api-tokens.ts';
import { UnknownWorkspaceError } from './token-db.ts';
import { listTokensOfWorkspace } from './token-list.ts';

// Scenario: an operator runs `npx broen token list --workspace demo` to see which integrations
// hold a token, when each was last used and which are revoked — without ever seeing a secret.

let now = new Date('2025-03-14T09:30:00Z');
const clock = () => now;

describeEachDatabase('token list', (getDb) => {
  it('shows name, id, created, last used and revoked of this workspace only, never the token', async () => {
    const db = getDb();
    await db
      .insertInto('workspaces')
      .values([
        { id: 'w-tl', slug: 'tl-demo', name: 'Demo', created_at: '2025-01-01' },
        { id: 'w-tl-other', slug: 'tl-other', name: 'Andre', created_at: '2025-01-01' },
      ])
      .execute();
    now = new Date('2025-03-14T09:30:00Z');
    const payroll = await createApiToken(db, clock, { workspaceId: 'w-tl', name: 'lønn' });
    now = new Date('2025-03-15T10:00:00Z');
    const app = await createApiToken(db, clock, { workspaceId: 'w-tl', name: 'mobilapp' });
    const other = await createApiToken(db, clock, { workspaceId: 'w-tl-other', name: 'fremmed' });
    now = new Date('2025-03-16T11:00:00Z');
    await revokeApiToken(db, clock, { workspaceId: 'w-tl', tokenId: payroll.id });

    const lines = (await listTokensOfWorkspace(db, 'tl-demo')).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAVN\s+ID\s+OPPRETTET\s+SIST BRUKT\s+TILBAKEKALT$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['mobilapp', app.id, '2025-03-15T10:00:00Z', '-', '-'],
      ['lønn', payroll.id, '2025-03-14T09:30:00Z', '-', '2025-03-16T11:00:00Z'],
    ]);
    const text = lines.join('\n');
    expect(text).not.toContain(app.token);
    expect(text).not.toContain(other.id);
  });

  it('says there are none, and how to make one, for a workspace without tokens', async () => {
    await getDb()
      .insertInto('workspaces')
      .values({ id: 'w-tl-empty', slug: 'tl-empty', name: 'Tom', created_at: '2025-01-01' })
      .execute();
    expect(await listTokensOfWorkspace(getDb(), 'tl-empty')).toContain(
      'Arbeidsområdet «tl-empty» har ingen API-tokens. Lag ett med: npx broen token create',
    );
  });

  it('refuses an unknown slug', async () => {
    await expect(listTokensOfWorkspace(getDb(), 'finnes-ikke')).rejects.toBeInstanceOf(UnknownWorkspaceError);
  });
});

import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, parseInput } from './errors.ts';
import type { WorkspaceRow } from './tables.ts';
import { requiredText, timestampOutput } from './values.ts';

// Workspaces: one per contractor company (tenant). Every other record hangs off one, and
// every query filters by it.

export const SLUG_REGEX = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const workspaceCreateSchema = z
  .object({
    slug: z
      .string()
      .regex(SLUG_REGEX, 'Kortnavnet kan bare ha små bokstaver a–z, tall og bindestrek (høyst 40 tegn).')
      .describe('Kortnavn brukt i adresser og CLI, f.eks. demo'),
    name: requiredText(200, 'Firmanavn'),
  })
  .meta({ title: 'WorkspaceCreate', description: 'Nytt arbeidsområde' });

export const workspaceSchema = z
  .object({
    id: z.string(),
    slug: z.string().describe('Kortnavn'),
    name: z.string().describe('Firmanavn'),
    createdAt: timestampOutput('Opprettet'),
  })
  .meta({ title: 'Workspace', description: 'Et arbeidsområde (ett firma)' });

export type WorkspaceCreate = z.input<typeof workspaceCreateSchema>;
export type Workspace = z.infer<typeof workspaceSchema>;

function toWorkspace(row: WorkspaceRow): Workspace {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at };
}

/**
 * Creates a workspace; a taken slug is a 'conflict' DomainError on `slug`.
 * @example const ws = await createWorkspace(db, { slug: 'demo', name: 'Demo Maskin AS' });
 */
export async function createWorkspace(
  db: Db,
  input: WorkspaceCreate,
  clock: Clock = systemClock,
): Promise<Workspace> {
  const parsed = parseInput(workspaceCreateSchema, input);
  const row: WorkspaceRow = { id: newId(), slug: parsed.slug, name: parsed.name, created_at: nowIso(clock) };
  const conflict = () =>
    new DomainError('conflict', `Kortnavnet «${parsed.slug}» er allerede i bruk.`, 'slug');
  if (await getWorkspaceBySlug(db, parsed.slug)) throw conflict();
  try {
    await db.insertInto('workspaces').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  return toWorkspace(row);
}

/**
 * @example const ws = await getWorkspaceBySlug(db, 'demo');
 */
export async function getWorkspaceBySlug(db: Db, slug: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toWorkspace(row) : undefined;
}

/**
 * @example const ws = await getWorkspace(db, user.workspaceId);
 */
export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWorkspace(row) : undefined;
}

/**
 * Every workspace, by slug (for the operator's CLI and the scheduler).
 * @example for (const ws of await listWorkspaces(db)) …
 */
export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  const rows = await db.selectFrom('workspaces').selectAll().orderBy('slug').execute();
  return rows.map(toWorkspace);
}

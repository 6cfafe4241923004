import { hostname } from 'node:os';
import { loadConfigWithoutKeys } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../workspace/errors.ts';
import { inviteUser, setPasswordLink } from '../workspace/user-accounts.ts';
import { createWorkspace } from '../workspace/workspaces.ts';
import { requireWorkspaceId, withTokenDatabase } from './token-db.ts';

// `broen workspace create` and `broen user create`: how an operator onboards a company without
// the demo seed. A user gets a one-time link to choose a password; no password is ever taken on
// the command line (it would stay in the shell history and show in the process list).

/**
 * Creates a workspace; a taken or malformed slug is an Error with the Norwegian message.
 * @example const ws = await createWorkspaceFromCli(db, { slug: 'nordvik', name: 'Nordvik Maskin AS' });
 */
export async function createWorkspaceFromCli(db: Db, options: { slug: string; name: string }) {
  try {
    return await createWorkspace(db, { slug: options.slug, name: options.name });
  } catch (error) {
    throw cliError(error, { slug: '--slug', name: '--name' });
  }
}

/**
 * Creates a user without a password in the workspace with this slug and returns the one-time
 * set-password link (valid 7 days) under `baseUrl`.
 * @example const { link } = await createUserFromCli(db, { workspace: 'nordvik', email: 'kari@nordvik.no', name: 'Kari', baseUrl: 'https://broen.example.no' });
 */
export async function createUserFromCli(
  db: Db,
  options: { workspace: string; email: string; name: string; baseUrl: string },
  clock: () => Date = () => new Date(),
): Promise<{ email: string; link: string }> {
  const workspaceId = await requireWorkspaceId(db, options.workspace);
  try {
    const { user, token } = await inviteUser(
      db,
      { workspaceId, email: options.email, name: options.name },
      clock,
    );
    return { email: user.email, link: setPasswordLink(options.baseUrl, token) };
  } catch (error) {
    throw cliError(error, { email: '--email', name: '--name' });
  }
}

function cliError(error: unknown, options: Record<string, string>): unknown {
  if (!(error instanceof DomainError)) return error;
  const details = error.errors.map((e) => `${e.message}${options[e.path] ? ` (${options[e.path]})` : ''}`);
  return new Error(details.length > 0 ? details.join('\n') : error.message);
}

/** `broen workspace create --slug SLUG --name NAME`: prints the slug on success. */
export async function runWorkspaceCreate(options: { slug: string; name: string }): Promise<void> {
  await withTokenDatabase(async (db) => {
    const workspace = await createWorkspaceFromCli(db, options);
    process.stdout.write(`Arbeidsområdet «${workspace.name}» er opprettet med kortnavn ${workspace.slug}.\n`);
  });
}

/** Addresses that mean "every interface": a link to them opens nothing on another machine. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Where the one-time link points: --url, else PUBLIC_URL, else the address `serve` listens on —
 * but a listener on every interface (HOST=0.0.0.0) has no address a colleague can open, so the
 * link takes this machine's name instead, with a note saying to set PUBLIC_URL.
 * @example linkBase({ host: '0.0.0.0', port: 3000 }) // { baseUrl: 'http://byggserver:3000', note: '…' }
 */
export function linkBase(where: { url?: string; publicUrl?: string; host: string; port: number }): {
  baseUrl: string;
  note?: string;
} {
  const chosen = where.url ?? where.publicUrl;
  if (chosen) return { baseUrl: chosen };
  if (!WILDCARD_HOSTS.has(where.host)) return { baseUrl: `http://${where.host}:${where.port}` };
  const baseUrl = `http://${hostname()}:${where.port}`;
  return {
    baseUrl,
    note: `Broen lytter på alle adresser (HOST=${where.host}), så lenken bruker maskinens navn: ${baseUrl}. Sett PUBLIC_URL (eller --url) til adressen brukerne åpner Broen på.`,
  };
}

/**
 * `broen user create --workspace SLUG --email E --name N [--url BASE]`: prints the one-time
 * link. BASE defaults to PUBLIC_URL, else the address `serve` listens on.
 */
export async function runUserCreate(options: {
  workspace: string;
  email: string;
  name: string;
  url?: string;
}): Promise<void> {
  const config = loadConfigWithoutKeys(process.env);
  const { baseUrl, note } = linkBase({
    url: options.url,
    publicUrl: process.env.PUBLIC_URL,
    host: config.host,
    port: config.port,
  });
  if (note) process.stderr.write(`${note}\n`);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new Error(`Adressen «${baseUrl}» er ikke en http(s)-adresse (--url eller PUBLIC_URL).`);
  }
  await withTokenDatabase(async (db) => {
    const { email, link } = await createUserFromCli(db, { ...options, baseUrl });
    process.stdout.write(
      `Brukeren ${email} er opprettet. Send denne lenken til brukeren; den virker én gang i 7 dager:\n${link}\n`,
    );
  });
}

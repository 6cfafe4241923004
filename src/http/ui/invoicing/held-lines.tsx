import {
  type Holder,
  holderOf,
  type LockedTable,
  onAttachmentMessage,
} from '../../../workspace/invoice-lock.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import type { SessionUser, UiDeps } from '../context.ts';

// The edit page of a line an invoice attachment holds (kjøring, varelinje, fritekstlinje): the
// form is read-only, a note says which attachment holds it and that deleting the attachment
// frees it, and a link opens the attachment. One set of parts for the three registers.

/** A line with the attachment holding it, as its edit page needs it. */
export interface HeldLine {
  id: string;
  invoiceAttachmentId: string | null;
  /** The holding attachment's number and order, read for the edit page. */
  holder?: Holder;
}

/**
 * The line with its holder's number and order, for the edit page's note.
 * @example get: async (deps, s, id) => withHolder(deps, s, await getTransportEntry(deps.db, s.workspaceId, id)),
 */
export async function withHolder<T extends HeldLine>(
  deps: UiDeps,
  session: SessionUser,
  line: T | undefined,
): Promise<T | undefined> {
  if (!line?.invoiceAttachmentId) return line;
  return { ...line, holder: await holderOf(deps.db, session.workspaceId, line.invoiceAttachmentId) };
}

/**
 * The spec parts that lock a held line's edit page and say why.
 * @example export const transportSpec = { …, ...heldLineSpec<TransportRow>('transport_entries') };
 */
export function heldLineSpec<T extends HeldLine>(
  table: LockedTable,
): Pick<ResourceSpec<T>, 'locked' | 'editNotice' | 'editActions'> {
  return {
    locked: (l) => l.invoiceAttachmentId !== null,
    editNotice: (l) =>
      l.invoiceAttachmentId ? onAttachmentMessage(table, 'endres eller slettes', l.holder) : undefined,
    editActions: (l) =>
      l.invoiceAttachmentId ? (
        <p class="form-actions">
          <a class="button secondary" href={`/fakturavedlegg/${l.invoiceAttachmentId}`}>
            Åpne {l.holder ? `fakturavedlegg ${l.holder.number}` : 'fakturavedlegget'}
          </a>
        </p>
      ) : null,
  };
}

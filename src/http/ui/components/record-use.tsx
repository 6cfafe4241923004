import type { Clock } from '../../../db/clock.ts';
import type { Db } from '../../../db/database.ts';
import { describeUse, type ReferenceUse } from '../../../workspace/references.ts';
import type { SessionUser } from '../context.ts';
import { CsrfField } from './form.tsx';
import { Page } from './layout.tsx';
import type { ResourceSpec } from './resource-spec.ts';

// The delete side of an edit page, said before the click: a record other records use cannot
// be deleted, so the page names how many use it and offers «Deaktiver» (or «Aktiver igjen»)
// instead of a «Slett» that would only be refused.

type Deactivate<T extends { id: string }> = NonNullable<ResourceSpec<T>['deactivate']>;

/**
 * The switch of a register whose records have `active` (customers, workers, hour types, machines,
 * products): `update` writes it, the messages name the record as `what` («Maskinen»).
 * @example deactivate: activeSwitch('Maskinen', updateMachine),
 */
export function activeSwitch<T extends { id: string; active: boolean }>(
  what: string,
  update: (
    db: Db,
    workspaceId: string,
    id: string,
    input: { active: boolean },
    clock: Clock,
  ) => Promise<unknown>,
): Deactivate<T> {
  return {
    isActive: (item) => item.active,
    set: (deps, s, id, active) => update(deps.db, s.workspaceId, id, { active }, deps.clock),
    offDone: `${what} er deaktivert: navnet vises fortsatt der den er brukt, men den tilbys ikke for nye registreringer.`,
    onDone: `${what} er aktivert igjen.`,
  };
}

/** The form that switches a record off or on (POST …/:id/aktiv). */
export function ActiveToggle<T extends { id: string }>({
  href,
  item,
  deactivate,
  csrfToken,
}: {
  href: string;
  item: T;
  deactivate: Deactivate<T>;
  csrfToken: string;
}) {
  const active = deactivate.isActive(item);
  return (
    <form method="post" action={`${href}/aktiv`} class="inline-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="aktiv" value={active ? '0' : '1'} />
      <button type="submit" class="secondary">
        {active ? (deactivate.offLabel ?? 'Deaktiver') : (deactivate.onLabel ?? 'Aktiver igjen')}
      </button>
    </form>
  );
}

/** Why a used record cannot be deleted, and what to do instead. */
export function useSentence<T extends { id: string }>(
  use: ReferenceUse,
  item: T,
  deactivate: Deactivate<T> | undefined,
): string {
  const base = `Brukes av ${describeUse(use)} og kan derfor ikke slettes.`;
  if (!deactivate) return base;
  if (!deactivate.isActive(item))
    return `${base} Deaktivert: navnet vises fortsatt der det er brukt, men tilbys ikke for nye registreringer.`;
  return `${base} Velg «${deactivate.offLabel ?? 'Deaktiver'}» i stedet: navnet vises fortsatt der det er brukt, men tilbys ikke for nye registreringer.`;
}

/**
 * The bottom of an edit page: «Slett …» when nothing uses the record, else the reason it cannot
 * be deleted; the on/off switch in both cases.
 * @example <DeleteZone href="/timetyper/1" item={h} use={use} deactivate={spec.deactivate} csrfToken={t} />
 */
export function DeleteZone<T extends { id: string }>({
  href,
  item,
  use,
  deactivate,
  csrfToken,
}: {
  href: string;
  item: T;
  use: ReferenceUse | undefined;
  deactivate: Deactivate<T> | undefined;
  csrfToken: string;
}) {
  const used = (use?.total ?? 0) > 0;
  return (
    <section class="danger-zone" aria-label="Slett eller deaktiver">
      {used && use && (
        <p class="notice notice-info" role="note">
          {useSentence(use, item, deactivate)}
        </p>
      )}
      {!used && deactivate && !deactivate.isActive(item) && (
        <p class="hint">Deaktivert: tilbys ikke for nye registreringer.</p>
      )}
      <div class="form-actions">
        {deactivate && <ActiveToggle href={href} item={item} deactivate={deactivate} csrfToken={csrfToken} />}
        {!used && (
          <a class="button secondary" href={`${href}/slett`}>
            Slett …
          </a>
        )}
      </div>
    </section>
  );
}

/** The delete page of a record that others use: the reason and the way out, no delete button. */
export function CannotDeletePage<T extends { id: string }>({
  session,
  path,
  title,
  href,
  item,
  use,
  deactivate,
  message,
}: {
  session: SessionUser;
  path: string;
  title: string;
  href: string;
  item: T;
  use: ReferenceUse;
  deactivate: Deactivate<T> | undefined;
  /** The domain's own sentence when a delete was just refused. */
  message?: string;
}) {
  return (
    <Page title={`Slett ${title}`} session={session} path={path}>
      <h1>{title}</h1>
      <div class="card">
        <p class="notice notice-error" role="alert">
          {message ?? useSentence(use, item, deactivate)}
        </p>
        <div class="form-actions">
          {deactivate?.isActive(item) && (
            <ActiveToggle href={href} item={item} deactivate={deactivate} csrfToken={session.csrfToken} />
          )}
          <a href={href}>Tilbake</a>
        </div>
      </div>
    </Page>
  );
}

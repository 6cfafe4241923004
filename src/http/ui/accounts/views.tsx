import type { WorkspaceUser } from '../../../workspace/user-accounts.ts';
import { CsrfField, type FieldErrors } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import { PageHead } from '../components/resource-views.tsx';
import type { SessionUser } from '../context.ts';
import { formatDateTime } from '../format.ts';

/** The pages' addresses. */
export const USERS_PATH = '/brukere';
export const PASSWORD_PATH = '/konto/passord';
export const SET_PASSWORD_PREFIX = '/sett-passord';

/** What the users page says after a redirect (`?melding=`). */
export const USER_NOTICES: Record<string, string> = {
  deaktivert: 'Brukeren er deaktivert. Hen kan ikke logge inn, og åpne økter er avsluttet.',
  allerede: 'Brukeren var allerede deaktivert.',
};

function PasswordInput({
  name,
  label,
  autocomplete,
  error,
}: {
  name: string;
  label: string;
  autocomplete: string;
  error?: string;
}) {
  const id = `felt-${name}`;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autocomplete={autocomplete}
        required
        maxlength={200}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

function TextInput(props: { name: string; label: string; type: string; value: string; error?: string }) {
  const id = `felt-${props.name}`;
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        value={props.value}
        required
        maxlength={props.type === 'email' ? 254 : 200}
        autocomplete="off"
        aria-invalid={props.error ? 'true' : undefined}
      />
      {props.error && (
        <span class="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

/**
 * The page a set-password link opens: the user chooses a password (twice).
 * @example c.html(<SetPasswordPage token={t} email="kari@firma.no" errors={{}} />)
 */
export function SetPasswordPage(props: {
  token: string;
  email: string | undefined;
  errors: FieldErrors;
  session: SessionUser | undefined;
}) {
  const title = 'Velg passord';
  return (
    <Page title={title} session={props.session} path={SET_PASSWORD_PREFIX}>
      <div class="login-box">
        <h1>{title}</h1>
        {props.email === undefined ? (
          <p class="notice notice-error" role="alert">
            Lenken er ugyldig, brukt eller utløpt. Be administratoren om en ny lenke.
          </p>
        ) : (
          <form method="post" action={`${SET_PASSWORD_PREFIX}/${props.token}`} novalidate>
            {props.session && <CsrfField token={props.session.csrfToken} />}
            <p>
              Velg et passord for <strong>{props.email}</strong>. Du logger inn med e-postadressen og dette
              passordet.
            </p>
            {props.errors._ && <Notice kind="error" text={props.errors._} />}
            <PasswordInput
              name="password"
              label="Nytt passord (minst 8 tegn)"
              autocomplete="new-password"
              error={props.errors.password}
            />
            <PasswordInput
              name="confirm"
              label="Gjenta passordet"
              autocomplete="new-password"
              error={props.errors.confirm}
            />
            <div class="form-actions">
              <button type="submit">Lagre passord</button>
            </div>
          </form>
        )}
      </div>
    </Page>
  );
}

/** After a password was set through a link. */
export function PasswordSetPage({ email }: { email: string }) {
  return (
    <Page title="Passordet er lagret" session={undefined} path={SET_PASSWORD_PREFIX}>
      <div class="login-box">
        <h1>Passordet er lagret</h1>
        <p>
          Du kan nå logge inn som <strong>{email}</strong>.
        </p>
        <p>
          <a href="/logg-inn">Gå til innlogging</a>
        </p>
      </div>
    </Page>
  );
}

/**
 * Bytt passord, for the logged-in user.
 * @example c.html(<ChangePasswordPage session={s} errors={{}} />)
 */
export function ChangePasswordPage(props: { session: SessionUser; errors: FieldErrors; done?: boolean }) {
  const title = 'Bytt passord';
  return (
    <Page title={title} session={props.session} path={PASSWORD_PATH}>
      <PageHead title={title} />
      {props.done && (
        <Notice text="Passordet er byttet. Andre innlogginger med det gamle passordet er avsluttet." />
      )}
      {props.errors._ && <Notice kind="error" text={props.errors._} />}
      <form method="post" action={PASSWORD_PATH} class="record record-form" novalidate>
        <CsrfField token={props.session.csrfToken} />
        <PasswordInput
          name="current"
          label="Nåværende passord"
          autocomplete="current-password"
          error={props.errors.current}
        />
        <PasswordInput
          name="next"
          label="Nytt passord (minst 8 tegn)"
          autocomplete="new-password"
          error={props.errors.next}
        />
        <PasswordInput
          name="confirm"
          label="Gjenta det nye passordet"
          autocomplete="new-password"
          error={props.errors.confirm}
        />
        <div class="form-actions">
          <button type="submit">Bytt passord</button>
        </div>
      </form>
    </Page>
  );
}

function UserStatus({ user }: { user: WorkspaceUser }) {
  if (user.deactivatedAt)
    return <span class="badge off">Deaktivert {formatDateTime(user.deactivatedAt)}</span>;
  if (!user.hasPassword) return <span class="badge">Invitert, har ikke valgt passord</span>;
  return <span class="badge ok">Aktiv</span>;
}

/** A user invited just now, with the only showing of their link. */
export interface JustInvited {
  email: string;
  link: string;
}

/**
 * Brukere: the workspace's users, an invite form, and deactivate buttons.
 * @example c.html(<UsersPage session={s} users={users} values={{ email: '', name: '' }} errors={{}} />)
 */
export function UsersPage(props: {
  session: SessionUser;
  users: WorkspaceUser[];
  values: { email: string; name: string };
  errors: FieldErrors;
  invited?: JustInvited;
  notice?: string;
}) {
  const { session } = props;
  const title = 'Brukere';
  return (
    <Page title={title} session={session} path={USERS_PATH}>
      <PageHead title={title} actions={<a href={PASSWORD_PATH}>Bytt ditt passord</a>} />
      <Notice text={props.notice} />
      {props.invited && (
        <section class="card" id="ny-bruker" aria-labelledby="ny-bruker-tittel">
          <h2 id="ny-bruker-tittel">Invitasjon til {props.invited.email}</h2>
          <p class="notice notice-error" role="alert">
            Send denne lenken til brukeren nå. Den vises bare denne ene gangen, virker én gang og i 7 dager.
          </p>
          <div class="field">
            <label for="ny-bruker-lenke">Lenke for å velge passord</label>
            <input
              id="ny-bruker-lenke"
              readonly
              value={props.invited.link}
              autocomplete="off"
              spellcheck={false}
            />
          </div>
        </section>
      )}
      <table class="list" id="brukere">
        <thead>
          <tr>
            <th scope="col">Navn</th>
            <th scope="col">E-post</th>
            <th scope="col">Opprettet</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="visually-hidden">Handling</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr data-user-id={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{formatDateTime(u.createdAt)}</td>
              <td>
                <UserStatus user={u} />
              </td>
              <td>
                {!u.deactivatedAt && u.id !== session.userId && (
                  <form
                    method="post"
                    action={`${USERS_PATH}/${encodeURIComponent(u.id)}/deaktiver`}
                    class="inline"
                  >
                    <CsrfField token={session.csrfToken} />
                    <button type="submit" class="danger">
                      Deaktiver
                    </button>
                  </form>
                )}
                {u.id === session.userId && 'Deg'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card" aria-labelledby="inviter-tittel">
        <h2 id="inviter-tittel">Inviter en bruker</h2>
        <p>
          Brukeren får en lenke der hen velger sitt eget passord. Alle brukere i arbeidsområdet kan
          administrere det.
        </p>
        {props.errors._ && <Notice kind="error" text={props.errors._} />}
        <form method="post" action={USERS_PATH} class="record-form" novalidate>
          <CsrfField token={session.csrfToken} />
          <TextInput
            name="name"
            label="Navn"
            type="text"
            value={props.values.name}
            error={props.errors.name}
          />
          <TextInput
            name="email"
            label="E-post"
            type="email"
            value={props.values.email}
            error={props.errors.email}
          />
          <div class="form-actions">
            <button type="submit">Inviter</button>
          </div>
        </form>
      </section>
    </Page>
  );
}

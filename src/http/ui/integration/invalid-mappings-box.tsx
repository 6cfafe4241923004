import type { MappingCheck } from '../../../integration/invalid-mappings.ts';
import { CsrfField } from '../components/form.tsx';
import { fieldId } from './form-controls.tsx';
import { BASE } from './views.tsx';

/**
 * The mappings the connected client does not have (e.g. after logging in on another client),
 * each linking to its picker, with the one-click "Fjern ugyldige koblinger". Nothing when all
 * mappings are found or they could not be checked (the activation box says so then).
 * @example <InvalidMappingsBox check={check} clientName="Demo Transport AS" version={3} csrfToken={t} />
 */
export function InvalidMappingsBox({
  check,
  clientName,
  version,
  csrfToken,
}: {
  check: MappingCheck;
  clientName: string | null;
  version: number;
  csrfToken: string;
}) {
  if (check.items.length === 0) return null;
  const count = check.items.length === 1 ? '1 kobling' : `${check.items.length} koblinger`;
  return (
    <section class="card invalid-mappings" aria-labelledby="ugyldige-koblinger">
      <h2 id="ugyldige-koblinger">
        Ugyldige koblinger <span class="badge off">{check.items.length}</span>
      </h2>
      <p class="notice notice-error" role="alert">
        {count} viser til noe som ikke finnes i {clientName ? `klienten «${clientName}»` : '24SevenOffice'}.
        Integrasjonen kan ikke slås på før de er rettet eller fjernet.
      </p>
      <ul>
        {check.items.map((item) => (
          <li>
            <a href={`#${fieldId(item.path)}`}>{item.message}</a>
          </li>
        ))}
      </ul>
      <form method="post" action={`${BASE}/fjern-ugyldige`}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="version" value={String(version)} />
        <p class="field-hint">
          Velg nye verdier i skjemaet under, eller fjern disse koblingene. Andre innstillinger endres ikke, og
          endringen føres i endringsloggen.
        </p>
        <button type="submit" class="danger">
          Fjern ugyldige koblinger
        </button>
      </form>
    </section>
  );
}

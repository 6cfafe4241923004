import type { LookupResult } from '../../../integration/lookup-types.ts';
import { settingLabel } from './labels.ts';

// The form controls of the settings page: a labelled select, checkbox and input whose names
// are setting paths, each with its error beside it, and the notice shown for an unreadable list.

/** Input values keyed by setting path. */
export type FormValues = Record<string, string>;

/**
 * The element id of the input for a setting path, so messages elsewhere can link to it.
 * @example fieldId('hours.startDate') // 'f-hours-startDate'
 */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * A labelled select; a stored value missing from the live list stays selectable, marked.
 * @example <Select name="customers.sync" label="Synkronisering" options={SYNC_OPTIONS} values={v} errors={e} />
 */
export function Select({
  name,
  label,
  options,
  values,
  errors,
  hint,
  allowEmpty,
  hideLabel,
  unlisted = (value) => value,
}: {
  hideLabel?: boolean;
  /** How a stored value the list does not hold is named (e.g. «avdeling 2», not «department:2»). */
  unlisted?: (value: string) => string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  values: FormValues;
  errors: Record<string, string>;
  hint?: string;
  allowEmpty?: string;
}) {
  const id = fieldId(name);
  const current = values[name] ?? '';
  const error = errors[name];
  // A stored value the live list no longer (or not yet) shows stays selectable, marked as such.
  const all =
    current && !options.some((o) => o.value === current)
      ? [...options, { value: current, label: `${unlisted(current)} (ikke i listen)` }]
      : options;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
        {all.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <span class="field-hint">{hint}</span>}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A checkbox sending 1 or 0. @example <Check name="projects.includeCustomer" label="Ta med kunden" values={v} /> */
export function Check({ name, label, values }: { name: string; label: string; values: FormValues }) {
  const id = fieldId(name);
  return (
    <div class="field field-checkbox">
      <input type="hidden" name={name} value="0" />
      <input type="checkbox" id={id} name={name} value="1" checked={values[name] === '1'} />
      <label for={id}>{label}</label>
    </div>
  );
}

/** A labelled input with its error beside it. @example <Input name="hours.startDate" label="Startdato" type="date" values={v} errors={e} /> */
export function Input({
  name,
  label,
  type,
  values,
  errors,
  hint,
}: {
  name: string;
  label: string;
  type: string;
  values: FormValues;
  errors: Record<string, string>;
  hint?: string;
}) {
  const id = fieldId(name);
  const error = errors[name];
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={values[name] ?? ''}
        inputmode={type === 'text' ? 'numeric' : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
      {hint && <span class="field-hint">{hint}</span>}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * The refused save's errors, each linked to its input, shown once at the top of the page.
 * @example <ErrorSummary errors={{ 'hours.startDate': 'Startdato må være …' }} />
 */
export function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const paths = Object.keys(errors);
  if (paths.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>Innstillingene ble ikke lagret. Rett opp:</p>
      <ul>
        {paths.map((path) => (
          <li>
            <a href={`#${fieldId(path)}`}>{settingLabel(path)}</a>: {errors[path]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A mapping table: one row per workspace record, each with a picker from a live 24SO list.
 * @example <MappingTable heading={['Maskin', 'Dimensjon']} rows={rows} prefix="invoicing.dimensionByMachine" … />
 */
export function MappingTable(o: {
  heading: [string, string];
  rows: { key: string; text: string }[];
  /** The setting path of the map; each row's input is `<prefix>.<key>`. */
  prefix: string;
  labelOf: (key: string) => string;
  options: { value: string; label: string }[];
  emptyLabel: string;
  values: FormValues;
  errors: Record<string, string>;
  unlisted?: (value: string) => string;
}) {
  return (
    <div class="table-scroll">
      <table class="list mapping">
        <thead>
          <tr>
            <th scope="col">{o.heading[0]}</th>
            <th scope="col">{o.heading[1]}</th>
          </tr>
        </thead>
        <tbody>
          {o.rows.map((row) => (
            <tr>
              <td>{row.text}</td>
              <td>
                <Select
                  name={`${o.prefix}.${row.key}`}
                  label={o.labelOf(row.key)}
                  options={o.options}
                  values={o.values}
                  errors={o.errors}
                  allowEmpty={o.emptyLabel}
                  hideLabel
                  unlisted={o.unlisted}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Says a live 24SO list could not be read, and what that means for the pickers. */
export function ListNotice({ result, what }: { result: LookupResult; what: string }) {
  if (result.ok) return null;
  return (
    <p class="notice notice-info" role="status">
      {what} fra 24SevenOffice kunne ikke hentes: {result.message} Lagrede valg vises, men nye kan ikke velges
      før listen kan leses.
    </p>
  );
}

import type { Child } from 'hono/jsx';

/** A choice in a select list. */
export interface Option {
  value: string;
  label: string;
}

/** Kinds of input the forms know; each has its Norwegian parser in `form-values.ts`. */
export type FieldKind =
  | 'text'
  | 'email'
  | 'textarea'
  | 'integer'
  | 'money'
  | 'decimal'
  | 'hours'
  | 'date'
  | 'time'
  | 'select'
  | 'checkbox';

/** One input of a create/edit form. `name` is the domain field (camelCase). */
export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** For selects: the key into the options loaded for the form. */
  options?: string;
  /** A short hint under the input, e.g. the expected format. */
  hint?: string;
  /** Shown on the create form only (e.g. an immutable number). */
  createOnly?: boolean;
  /** Shown on the edit form only (e.g. a flag whose default comes from elsewhere on create). */
  editOnly?: boolean;
  maxLength?: number;
  /** What an empty optional input sends: null (clear the value, default), '' or nothing at all. */
  blank?: 'null' | 'omit' | 'empty';
  /** Value a new record's form starts with. */
  defaultValue?: string;
  /** Shown but not editable, and not sent (e.g. a field 24SevenOffice owns). */
  disabled?: boolean;
}

/** Field name → Norwegian error message. */
export type FieldErrors = Record<string, string>;

const INPUT_TYPE: Partial<Record<FieldKind, string>> = {
  text: 'text',
  email: 'email',
  integer: 'text',
  money: 'text',
  decimal: 'text',
  hours: 'text',
  date: 'date',
  time: 'time',
};

const INPUT_MODE: Partial<Record<FieldKind, 'numeric' | 'decimal'>> = {
  integer: 'numeric',
  money: 'decimal',
  decimal: 'decimal',
  hours: 'decimal',
};

/**
 * One labelled input with its error right beside it, keeping what the user typed.
 * @example <Field spec={{ name: 'name', label: 'Navn', kind: 'text' }} value="Nordvik" error="Må fylles ut" />
 */
export function Field({
  spec,
  value,
  error,
  options,
}: {
  spec: FieldSpec;
  value: string;
  error?: string;
  options?: Option[];
}) {
  const id = fieldId(spec.name);
  const describedBy = [error ? `${id}-error` : '', spec.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: spec.name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
    required: spec.required,
    disabled: spec.disabled,
  };
  let input: Child;
  if (spec.kind === 'textarea') {
    input = (
      <textarea {...common} rows={3} maxlength={spec.maxLength}>
        {value}
      </textarea>
    );
  } else if (spec.kind === 'select') {
    input = (
      <select {...common}>
        {!spec.required && <option value="">(ingen)</option>}
        {spec.required && value === '' && <option value="">Velg …</option>}
        {(options ?? []).map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'checkbox') {
    return (
      <div class={`field field-checkbox${error ? ' has-error' : ''}`}>
        {!spec.disabled && <input type="hidden" name={spec.name} value="0" />}
        <input
          type="checkbox"
          id={id}
          name={spec.name}
          value="1"
          checked={value === '1'}
          disabled={spec.disabled}
        />
        <label for={id}>{spec.label}</label>
        {error && (
          <span class="field-error" id={`${id}-error`}>
            {error}
          </span>
        )}
      </div>
    );
  } else {
    input = (
      <input
        {...common}
        type={INPUT_TYPE[spec.kind] ?? 'text'}
        inputmode={INPUT_MODE[spec.kind]}
        value={value}
        maxlength={spec.maxLength}
        autocomplete="off"
      />
    );
  }
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {spec.label}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {spec.hint && (
        <span class="field-hint" id={`${id}-hint`}>
          {spec.hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The hidden CSRF field every form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A summary at the top of a form that failed validation, so screen readers hear it first. */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  // In the order the fields appear, then anything not tied to a field.
  const order = Object.keys(labels);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const entries = Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>Skjemaet har feil. Rett opp og prøv igjen:</p>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            {labels[name] ? (
              <a href={`#${fieldId(name)}`}>
                {labels[name]}: {message}
              </a>
            ) : (
              message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The element id of a field's input ("address.city" → "f-address-city"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

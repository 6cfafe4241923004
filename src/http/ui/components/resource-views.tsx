import type { Child } from 'hono/jsx';
import type { SessionUser } from '../context.ts';
import { CsrfField, ErrorSummary, Field, type FieldErrors, type FieldSpec, type Option } from './form.tsx';
import { FORM_TOKEN_FIELD } from './form-once.ts';
import type { FormBody } from './form-values.ts';
import { Notice, Page } from './layout.tsx';
import type { ColumnSpec, FilterSpec, SortSpec } from './resource-spec.ts';

/** Builds a URL with query parameters, leaving out empty ones. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The filter bar of a list: a GET form, so a filtered list is a link one can share.
 * @example <FilterBar path="/kunder" filters={spec.filters} values={filter} options={options} />
 */
export function FilterBar({
  path,
  filters,
  values,
  options,
  sorts,
  sort,
}: {
  path: string;
  filters: FilterSpec[];
  values: Record<string, string>;
  options: Record<string, Option[]>;
  sorts?: SortSpec[];
  sort?: string;
}) {
  if (filters.length === 0 && !sorts?.length) return null;
  return (
    <form method="get" action={path} class="filters" aria-label="Filter">
      {filters.map((f) => {
        const id = `filter-${f.name}`;
        const opts = typeof f.options === 'string' ? (options[f.options] ?? []) : (f.options ?? []);
        return (
          <div class="field">
            <label for={id}>{f.label}</label>
            {f.kind === 'select' ? (
              <select id={id} name={f.name}>
                <option value="">Alle</option>
                {opts.map((o) => (
                  <option value={o.value} selected={values[f.name] === o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={f.name}
                type={f.kind === 'date' ? 'date' : 'search'}
                value={values[f.name] ?? ''}
              />
            )}
          </div>
        );
      })}
      {sorts && sorts.length > 1 && (
        <div class="field">
          <label for="filter-sortering">Sortering</label>
          <select id="filter-sortering" name="sortering">
            {sorts.map((s) => (
              <option value={s.key} selected={s.key === sort}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" class="secondary">
        Vis
      </button>
      <a href={path}>Nullstill</a>
    </form>
  );
}

/**
 * A table of records with a link to each one's edit page.
 * @example <RecordTable path="/kunder" columns={spec.columns} items={page.items} empty="Ingen kunder" />
 */
export function RecordTable<T extends { id: string }>({
  path,
  columns,
  items,
  empty,
}: {
  path: string;
  columns: ColumnSpec<T>[];
  items: T[];
  empty: string;
}) {
  if (items.length === 0) return <p class="empty">{empty}</p>;
  return (
    <div class="table-scroll">
      <table class="list">
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col" class={col.numeric ? 'num' : undefined}>
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              {columns.map((col) => (
                <td class={col.numeric ? 'num' : col.nowrap ? 'nowrap' : undefined}>
                  {col.link ? (
                    <a href={`${path}/${encodeURIComponent(item.id)}`}>{col.cell(item)}</a>
                  ) : (
                    col.cell(item)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Links to the first and the next page of a cursor-paged list, keeping the filters.
 * @example <Pager path="/kunder" params={filter} cursor={c} nextCursor={page.nextCursor} />
 */
export function Pager({
  path,
  params,
  cursor,
  nextCursor,
}: {
  path: string;
  params: Record<string, string | undefined>;
  cursor: string | undefined;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav class="pager" aria-label="Sider">
      {cursor && <a href={withQuery(path, params)}>« Første side</a>}
      {nextCursor && (
        <a href={withQuery(path, { ...params, cursor: nextCursor })} rel="next">
          Neste side »
        </a>
      )}
    </nav>
  );
}

/**
 * The create or edit form of a record, with each field's error beside it and the input kept.
 * @example <RecordForm action="/kunder" fields={fields} values={values} errors={{ name: 'Må fylles ut' }} … />
 */
export function RecordForm({
  action,
  fields,
  values,
  errors,
  options,
  csrfToken,
  submitLabel,
  cancelHref,
  readOnly,
  formToken,
}: {
  action: string;
  fields: FieldSpec[];
  values: FormBody;
  errors: FieldErrors;
  options: Record<string, Option[]>;
  csrfToken: string;
  submitLabel: string;
  cancelHref: string;
  readOnly?: boolean;
  /** Single-use token of a new-record form (see form-once.ts). */
  formToken?: string;
}) {
  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  const known = new Set(fields.map((f) => f.name));
  const general = Object.entries(errors).filter(([name]) => !known.has(name));
  return (
    <form method="post" action={action} class="record" novalidate>
      <CsrfField token={csrfToken} />
      {formToken && <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />}
      <ErrorSummary errors={errors} labels={labels} />
      {general.length > 0 && (
        <ul class="field-error">
          {general.map(([, message]) => (
            <li>{message}</li>
          ))}
        </ul>
      )}
      <fieldset disabled={readOnly} class="plain">
        {fields.map((f) => (
          <Field
            spec={f}
            value={values[f.name] ?? ''}
            error={errors[f.name]}
            options={f.options ? options[f.options] : undefined}
          />
        ))}
      </fieldset>
      <div class="form-actions">
        {!readOnly && <button type="submit">{submitLabel}</button>}
        <a href={cancelHref}>{readOnly ? 'Tilbake' : 'Avbryt'}</a>
      </div>
    </form>
  );
}

/** The page asking "Slette …?" before a soft delete; works without JavaScript. */
export function DeleteConfirmPage({
  session,
  path,
  title,
  question,
  action,
  cancelHref,
}: {
  session: SessionUser;
  path: string;
  title: string;
  question: string;
  action: string;
  cancelHref: string;
}) {
  return (
    <Page title={`Slett ${title}`} session={session} path={path}>
      <h1>{title}</h1>
      <div class="card">
        <p>{question}</p>
        <form method="post" action={action} class="form-actions">
          <CsrfField token={session.csrfToken} />
          <button type="submit" class="danger">
            Ja, slett
          </button>
          <a href={cancelHref}>Nei, avbryt</a>
        </form>
      </div>
    </Page>
  );
}

/** Heading row with the page title and its main action. */
export function PageHead({ title, actions }: { title: string; actions?: Child }) {
  return (
    <div class="page-head">
      <h1>{title}</h1>
      {actions && <div class="actions">{actions}</div>}
    </div>
  );
}

export { Notice };

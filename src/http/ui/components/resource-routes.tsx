import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ZodType, z } from 'zod';
import type { Page as ResultPage } from '../../../db/paging.ts';
import { csvStream } from '../../../workspace/csv-export.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { countReferences, ReferencedRecordError, type ReferenceUse } from '../../../workspace/references.ts';
import { HttpError } from '../../errors.ts';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { twentyFourBoxFor, withTwentyFourColumn } from '../sync/badge.tsx';
import { editableFields, lockOwnedFields, ownedByTwentyFour } from '../sync/owned.ts';
import type { FieldErrors, Option } from './form.tsx';
import { claimFormToken, FORM_TOKEN_FIELD, newFormToken, releaseFormToken } from './form-once.ts';
import { defaultValues, type FormBody, formValues, readForm, submittedValues } from './form-values.ts';
import { Notice, Page } from './layout.tsx';
import { CannotDeletePage, DeleteZone } from './record-use.tsx';
import { csvResponse, domainFieldErrors, formBody, sessionOf, UI_PAGE_SIZE } from './request.ts';
import type { ResourceSpec } from './resource-spec.ts';
import {
  DeleteConfirmPage,
  FilterBar,
  PageHead,
  Pager,
  RecordForm,
  RecordTable,
  withQuery,
} from './resource-views.tsx';
import { schemaErrors } from './schema-errors.ts';

/**
 * True when the input passes the schema: what lets the compiler hand a form's input to the
 * domain function typed by that schema. `allProblems` already ran the same schema, so for input
 * without problems this is always true.
 */
function fits<S extends ZodType>(schema: S, input: unknown): input is z.input<S> {
  return schema.safeParse(input).success;
}

const NOTICES: Record<string, keyof ResourceSpec<{ id: string }>['texts']> = {
  opprettet: 'created',
  lagret: 'saved',
  slettet: 'deleted',
};

/**
 * List, create, edit and (soft) delete pages for one resource, driven by its spec:
 * GET path, GET path/ny, POST path, GET path/:id, POST path/:id, GET+POST path/:id/slett.
 * @example ui.route('/', createResourceRoutes(deps, customerSpec));
 */
export function createResourceRoutes<
  T extends { id: string },
  CreateSchema extends ZodType,
  UpdateSchema extends ZodType,
>(deps: UiDeps, spec: ResourceSpec<T, CreateSchema, UpdateSchema>): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const base = spec.path;
  const loadOptions = async (session: SessionUser, form?: { item?: T }): Promise<Record<string, Option[]>> =>
    spec.loadOptions ? spec.loadOptions(deps, session, form) : {};

  const list = spec.list;
  if (list)
    app.get(base, async (c) => {
      const session = sessionOf(c);
      const filter: Record<string, string> = {};
      for (const f of spec.filters ?? []) {
        const v = c.req.query(f.name)?.trim();
        if (v) filter[f.name] = v.slice(0, 200);
      }
      const sort = spec.sorts?.some((s) => s.key === c.req.query('sortering'))
        ? c.req.query('sortering')
        : undefined;
      const cursor = c.req.query('cursor') || undefined;
      const csv = spec.csv;
      if (csv && c.req.query('format') === 'csv') {
        return csvResponse(
          csv.file,
          csvStream(
            (p) =>
              list(deps, session, { filter, cursor: p.cursor ?? undefined, sort, limit: p.limit ?? 500 }),
            (items) => csv.render(deps, session, items),
          ),
        );
      }
      const options = await loadOptions(session);
      let page: ResultPage<T>;
      try {
        page = await list(deps, session, { filter, cursor, sort, limit: UI_PAGE_SIZE });
      } catch (error) {
        // A stale or tampered cursor: start the list over instead of failing.
        if (isDomainError(error) && error.field === 'cursor') return c.redirect(base, 303);
        throw error;
      }
      const notice = NOTICES[c.req.query('melding') ?? ''];
      const params = { ...filter, sortering: sort };
      const columns = await withTwentyFourColumn(deps, session, spec.syncEntity, spec.columns, page.items);
      return c.html(
        <Page title={spec.title} session={session} path={c.req.path}>
          <PageHead
            title={spec.title}
            actions={
              <>
                {spec.csv && (
                  <a
                    class="button secondary"
                    href={withQuery(base, { ...filter, sortering: sort, format: 'csv' })}
                  >
                    Last ned CSV
                  </a>
                )}
                <a class="button" href={`${base}/ny`}>
                  {spec.newTitle}
                </a>
              </>
            }
          />
          <Notice text={notice ? spec.texts[notice] : undefined} />
          <FilterBar
            path={base}
            filters={spec.filters ?? []}
            values={filter}
            options={options}
            sorts={spec.sorts}
            sort={sort}
          />
          <RecordTable path={base} columns={columns} items={page.items} empty={spec.texts.empty} />
          <Pager path={base} params={params} cursor={cursor} nextCursor={page.nextCursor} />
        </Page>,
      );
    });

  const renderForm = async (
    c: Context<UiEnv>,
    opts: { item?: T; values: FormBody; errors: FieldErrors; status?: 200 | 422; formToken?: string },
  ) => {
    const session = sessionOf(c);
    const item = opts.item;
    const options = await loadOptions(session, { item });
    const title = item ? spec.itemTitle(item) : spec.newTitle;
    const owned = item ? await ownedByTwentyFour(deps, session, spec.syncEntity, item.id) : null;
    const fields = lockOwnedFields(
      spec.fields.filter((f) => (item ? !f.createOnly : !f.editOnly)),
      owned,
    );
    const locked = item ? (spec.locked?.(item) ?? false) : false;
    const twentyFour = item ? await twentyFourBoxFor(deps, session, spec.syncEntity, item.id) : null;
    const saved = item ? itemNotice(c.req.query('melding')) : undefined;
    const use =
      item && spec.register
        ? await countReferences(deps.db, session.workspaceId, spec.register, item.id)
        : undefined;
    const sections = item && spec.itemSections ? await spec.itemSections(deps, session, item) : null;
    const warnings = item && spec.itemWarnings ? await spec.itemWarnings(deps, session, item) : [];
    return c.html(
      <Page title={title} session={session} path={c.req.path}>
        <PageHead title={title} />
        <Notice text={saved} />
        {owned && (
          <p class="notice notice-info" role="note">
            {owned.message}
          </p>
        )}
        {warnings.map((w) => (
          <p class="notice notice-warning" role="status">
            {w.message} <a href={w.href}>{w.linkText}</a>
          </p>
        ))}
        {item && spec.editNotice?.(item) && (
          <p class="notice notice-info" role="note">
            {spec.editNotice(item)}
          </p>
        )}
        {twentyFour}
        <RecordForm
          action={item ? `${base}/${encodeURIComponent(item.id)}` : base}
          fields={fields}
          values={opts.values}
          errors={opts.errors}
          options={options}
          csrfToken={session.csrfToken}
          submitLabel={item ? 'Lagre endringer' : 'Opprett'}
          cancelHref={base}
          readOnly={locked || (owned !== null && editableFields(fields, owned).length === 0)}
          formToken={item ? undefined : (opts.formToken ?? newFormToken())}
        />
        {item && spec.editActions?.(item, session)}
        {sections}
        {item && !locked && (
          <DeleteZone
            href={`${base}/${encodeURIComponent(item.id)}`}
            item={item}
            use={use}
            deactivate={spec.deactivate}
            csrfToken={session.csrfToken}
          />
        )}
      </Page>,
      opts.status ?? 200,
    );
  };

  const itemNotice = (melding: string | undefined): string | undefined => {
    if (!melding) return undefined;
    if (melding === 'lagret') return spec.texts.saved;
    if (melding === 'opprettet') return spec.texts.created;
    if (melding === 'deaktivert')
      return spec.deactivate?.offDone ?? 'Deaktivert: tilbys ikke lenger for nye registreringer.';
    if (melding === 'aktivert') return spec.deactivate?.onDone ?? 'Aktivert igjen.';
    return spec.itemNotices?.[melding];
  };

  /**
   * Every field's problem at once: the form's own reading first, then the domain schema's, then
   * — when anything was found — the domain's full check (rules, a number in use), so fixing one
   * field never reveals another.
   */
  const allProblems = async (
    session: SessionUser,
    readErrors: FieldErrors,
    input: Record<string, unknown>,
    mode: 'create' | 'update',
    id?: string,
  ): Promise<FieldErrors> => {
    let errors: FieldErrors = { ...readErrors };
    errors = { ...schemaErrors(spec.schemas[mode], input), ...errors };
    if (Object.keys(errors).length > 0 && spec.validate) {
      const found = await spec.validate(deps, session, input, id);
      const domain: FieldErrors = {};
      // Fields the form could not read are left out of the input, so the domain's «må fylles
      // ut» for them is not news; the form's own message stands.
      for (const e of found) domain[e.path || '_'] ??= e.message;
      errors = { ...domain, ...errors };
    }
    return errors;
  };

  const mustGet = async (session: SessionUser, id: string): Promise<T> => {
    const item = await spec.get(deps, session, id);
    if (!item) throw new HttpError(404, 'Fant ikke det du lette etter. Den kan være slettet.');
    return item;
  };

  app.get(`${base}/ny`, (c) => renderForm(c, { values: defaultValues(spec.fields), errors: {} }));

  app.post(base, async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const formToken = body[FORM_TOKEN_FIELD];
    // A second submission of the same form (double click, resubmit) makes nothing new.
    if (!(await claimFormToken(deps.db, session.workspaceId, formToken, deps.clock))) {
      return c.redirect(`${base}?melding=opprettet`, 303);
    }
    const read = readForm(spec.fields, body, 'create');
    const input = read.input;
    const errors = await allProblems(session, read.errors, input, 'create');
    try {
      if (Object.keys(errors).length === 0 && fits(spec.schemas.create, input)) {
        try {
          const created = await spec.create(deps, session, input);
          // Warnings (e.g. a shared org. number) are shown on the new record's own page.
          if (spec.itemWarnings && (await spec.itemWarnings(deps, session, created)).length > 0)
            return c.redirect(`${base}/${encodeURIComponent(created.id)}?melding=opprettet`, 303);
          return c.redirect(`${base}?melding=opprettet`, 303);
        } catch (error) {
          Object.assign(errors, domainFieldErrors(error));
        }
      }
    } catch (error) {
      // Nothing was made (a 404 or an unexpected failure): the same form may be sent again.
      await releaseFormToken(deps.db, session.workspaceId, formToken);
      throw error;
    }
    await releaseFormToken(deps.db, session.workspaceId, formToken);
    return renderForm(c, { values: submittedValues(spec.fields, body), errors, status: 422, formToken });
  });

  app.get(`${base}/:id`, async (c) => {
    const item = await mustGet(sessionOf(c), c.req.param('id'));
    return renderForm(c, {
      item,
      values: formValues(spec.fields, item as Record<string, unknown>),
      errors: {},
    });
  });

  app.post(`${base}/:id`, async (c) => {
    const session = sessionOf(c);
    const item = await mustGet(session, c.req.param('id'));
    const body = await formBody(c);
    // Fields 24SO owns on an imported record keep their value (the form shows them locked).
    const owned = await ownedByTwentyFour(deps, session, spec.syncEntity, item.id);
    const read = readForm(editableFields(spec.fields, owned), body, 'update');
    const input = read.input;
    const errors = await allProblems(session, read.errors, input, 'update', item.id);
    if (Object.keys(errors).length === 0 && fits(spec.schemas.update, input)) {
      try {
        await spec.update(deps, session, item.id, input);
        return c.redirect(`${base}/${encodeURIComponent(item.id)}?melding=lagret`, 303);
      } catch (error) {
        Object.assign(errors, domainFieldErrors(error));
      }
    }
    return renderForm(c, { item, values: submittedValues(spec.fields, body), errors, status: 422 });
  });

  const cannotDelete = (
    c: Context<UiEnv>,
    item: T,
    use: ReferenceUse,
    message?: string,
    status: 200 | 409 = 200,
  ) =>
    c.html(
      <CannotDeletePage
        session={sessionOf(c)}
        path={c.req.path}
        title={spec.itemTitle(item)}
        href={`${base}/${encodeURIComponent(item.id)}`}
        item={item}
        use={use}
        deactivate={spec.deactivate}
        message={message}
      />,
      status,
    );

  app.get(`${base}/:id/slett`, async (c) => {
    const session = sessionOf(c);
    const item = await mustGet(session, c.req.param('id'));
    const href = `${base}/${encodeURIComponent(item.id)}`;
    if (spec.register) {
      const use = await countReferences(deps.db, session.workspaceId, spec.register, item.id);
      if (use.total > 0) return cannotDelete(c, item, use);
    }
    return c.html(
      <DeleteConfirmPage
        session={session}
        path={c.req.path}
        title={spec.itemTitle(item)}
        question={spec.texts.deleteQuestion}
        action={`${href}/slett`}
        cancelHref={href}
      />,
    );
  });

  app.post(`${base}/:id/slett`, async (c) => {
    const session = sessionOf(c);
    try {
      const removed = await spec.remove(deps, session, c.req.param('id'));
      if (!removed) throw new HttpError(404, 'Fant ikke det du ville slette. Den kan allerede være slettet.');
    } catch (error) {
      if (error instanceof ReferencedRecordError) {
        // Used since the page was shown: say why, and offer the way out, not a dead end.
        const item = await mustGet(session, c.req.param('id'));
        return cannotDelete(c, item, error.use, error.message, 409);
      }
      if (!isDomainError(error)) throw error;
      throw new HttpError(error.code === 'not_found' ? 404 : 409, error.message);
    }
    return c.redirect(`${base}?melding=slettet`, 303);
  });

  const deactivate = spec.deactivate;
  if (deactivate)
    app.post(`${base}/:id/aktiv`, async (c) => {
      const session = sessionOf(c);
      const item = await mustGet(session, c.req.param('id'));
      const body = await formBody(c);
      const active = body.aktiv === '1';
      try {
        await deactivate.set(deps, session, item.id, active);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        throw new HttpError(error.code === 'not_found' ? 404 : 409, error.message);
      }
      return c.redirect(
        `${base}/${encodeURIComponent(item.id)}?melding=${active ? 'aktivert' : 'deaktivert'}`,
        303,
      );
    });

  return app;
}

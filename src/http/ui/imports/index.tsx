import { Hono } from 'hono';
import { type ImportEntity, templateHeader } from '../../../workspace/csv-import/columns.ts';
import { decodeCsvBytes } from '../../../workspace/csv-import/csv-parse.ts';
import { commitCsvImport, previewCsvImport } from '../../../workspace/csv-import/import.ts';
import { HttpError } from '../../errors.ts';
import { sessionOf } from '../components/request.ts';
import type { UiDeps, UiEnv } from '../context.ts';
import {
  IMPORT_SLUGS,
  ImportDonePage,
  ImportIndexPage,
  ImportPreviewPage,
  ImportUploadPage,
} from './views.tsx';

// GET /import, GET /import/:slug, POST /import/:slug/forhandsvis, POST /import/:slug/importer,
// GET /import/:slug/mal.csv. The previewed file travels back with "Importer" as base64 in the
// form, so exactly the bytes that were previewed are re-validated and imported; no server-side
// upload store is needed and nothing is written before the click.

const ENTITY_OF_SLUG = new Map(
  Object.entries(IMPORT_SLUGS).map(([entity, slug]) => [slug, entity as ImportEntity]),
);

/** Example rows for the downloadable templates (one believable line each). */
const TEMPLATE_EXAMPLES: Record<ImportEntity, string> = {
  customers:
    '10001;Nordvik Bygg AS;923456783;post@nordvik.no;faktura@nordvik.no;22 33 44 55;Storgata 1;0150;Oslo;NO;14;ja',
  employees: '1;Ola Nordmann;ola.nordmann@firma.no;900 00 000;;ja',
  projects: '1001;Boligfelt Nordvik, trinn 2;10001;1;Pågår;01.03.2025;',
  hours: '1;1001;ORD;GM-01;14.03.2025;7,5;;;Graving av grøft;ja;nei',
  'material-lines': '1001;P-1001;14.03.2025;18;289,00;Levert byggegrop',
  'free-text-lines': '1001;31.03.2025;Rigg og drift, mars;1;4500,00',
};

function entityOf(slug: string): ImportEntity {
  const entity = ENTITY_OF_SLUG.get(slug);
  if (!entity) throw new HttpError(404, 'Denne importen finnes ikke.');
  return entity;
}

/**
 * The CSV import pages of the web UI.
 * @example ui.route('/', createImportPageRoutes(deps));
 */
export function createImportPageRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get('/import', (c) => c.html(<ImportIndexPage session={sessionOf(c)} path={c.req.path} />));

  app.get('/import/:slug/mal.csv', (c) => {
    const entity = entityOf(c.req.param('slug'));
    // BOM so Excel opens æ, ø and å right; `;` because Norwegian Excel splits on it.
    const body = `\uFEFF${templateHeader(entity)}\r\n${TEMPLATE_EXAMPLES[entity]}\r\n`;
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${IMPORT_SLUGS[entity]}.csv"`,
    });
  });

  app.get('/import/:slug', (c) => {
    const entity = entityOf(c.req.param('slug'));
    return c.html(<ImportUploadPage session={sessionOf(c)} path={c.req.path} entity={entity} />);
  });

  app.post('/import/:slug/forhandsvis', async (c) => {
    const session = sessionOf(c);
    const entity = entityOf(c.req.param('slug'));
    const body = await c.req.parseBody();
    let bytes: Uint8Array | undefined;
    const file = body.fil;
    if (file instanceof File && file.size > 0) bytes = new Uint8Array(await file.arrayBuffer());
    else if (typeof body.tekst === 'string' && body.tekst.trim() !== '')
      bytes = new TextEncoder().encode(body.tekst);
    if (!bytes) {
      return c.html(
        <ImportUploadPage
          session={session}
          path={c.req.path}
          entity={entity}
          error="Velg en fil eller lim inn innholdet først."
        />,
        422,
      );
    }
    const preview = await previewCsvImport(deps.db, session.workspaceId, entity, bytes, {
      clock: deps.clock,
    });
    return c.html(
      <ImportPreviewPage
        session={session}
        path={c.req.path}
        entity={entity}
        preview={preview}
        fileBase64={Buffer.from(bytes).toString('base64')}
      />,
      preview.errorCount > 0 ? 422 : 200,
    );
  });

  app.post('/import/:slug/importer', async (c) => {
    const session = sessionOf(c);
    const entity = entityOf(c.req.param('slug'));
    const body = await c.req.parseBody();
    const encoded = typeof body.fil === 'string' ? body.fil : '';
    const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
    if (bytes.length === 0 || !decodeCsvBytes(bytes).ok) {
      return c.html(
        <ImportUploadPage
          session={session}
          path={c.req.path}
          entity={entity}
          error="Filen kom ikke med. Last den opp på nytt."
        />,
        422,
      );
    }
    const result = await commitCsvImport(deps.db, session.workspaceId, entity, bytes, session.email, {
      clock: deps.clock,
    });
    if (!result.ok) {
      return c.html(
        <ImportPreviewPage
          session={session}
          path={c.req.path}
          entity={entity}
          preview={result}
          fileBase64={encoded}
          commitRefused
        />,
        422,
      );
    }
    deps.logger.info(
      { workspaceId: session.workspaceId, entity, imported: result.imported },
      'csv import committed',
    );
    return c.html(
      <ImportDonePage session={session} path={c.req.path} entity={entity} imported={result.imported} />,
    );
  });

  return app;
}

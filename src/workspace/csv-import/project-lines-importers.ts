import { freeTextLineCreateSchema } from '../free-text-lines.ts';
import { materialLineCreateSchema } from '../material-lines.ts';
import type { FreeTextLineRow, MaterialLineRow } from '../tables.ts';
import { formatMoney, formatQuantity, parseMoney, parseQuantity } from '../values.ts';
import { csvDate } from './csv-values.ts';
import { addNewProblems, type EntityImporter, type FieldProblem } from './importer.ts';
import { type Reference, type ReferenceIndex, referencesBy } from './lookups.ts';
import { checkWithSchema } from './schema-check.ts';

// Material lines (varelinjer) and free-text lines (fritekstlinjer): project by project number,
// product by product number, each read once into maps. Each row then passes the domain's own
// create schema, so an imported line obeys exactly what the API and the forms enforce.
// Decimal commas are read as the rest of the import reads them ("18,5", "1 250,00").

const UNRESOLVED = '-';

function resolve(
  text: string,
  index: ReferenceIndex,
  field: string,
  missing: (key: string) => string,
  problems: FieldProblem[],
): Reference | undefined {
  if (text === '') {
    problems.push({ field, message: 'Feltet må fylles ut.' });
    return undefined;
  }
  const found = index.get(text);
  if (!found) problems.push({ field, message: missing(text) });
  return found;
}

const projectMissing = (n: string) => `Prosjekt ${n} finnes ikke.`;

interface MaterialContext {
  projects: ReferenceIndex;
  products: ReferenceIndex;
}

export const materialLinesImporter: EntityImporter<MaterialContext> = {
  table: 'material_lines',
  async load(db, workspaceId) {
    const [projects, products] = await Promise.all([
      referencesBy(db, 'projects', 'number', workspaceId),
      referencesBy(db, 'products', 'number', workspaceId, ['sales_price_ore']),
    ]);
    return { projects, products };
  },
  prepare(fields, context, env) {
    const problems: FieldProblem[] = [];
    const project = resolve(
      fields.projectNumber,
      context.projects,
      'projectNumber',
      projectMissing,
      problems,
    );
    const product = resolve(
      fields.productNumber,
      context.products,
      'productNumber',
      (n) => `Vare ${n} finnes ikke i varelageret.`,
      problems,
    );
    if (product && !product.active)
      problems.push({ field: 'productNumber', message: `Varen ${fields.productNumber} er deaktivert.` });
    const date = csvDate(fields.date);
    if (!date.ok) problems.push({ field: 'date', message: date.message });
    const checked = checkWithSchema(
      materialLineCreateSchema,
      {
        projectId: project?.id ?? UNRESOLVED,
        productId: product?.id ?? UNRESOLVED,
        date: date.ok ? date.value : '2000-01-01',
        quantity: fields.quantity,
        unitPrice: fields.unitPrice === '' ? undefined : fields.unitPrice,
        description: fields.description,
      },
      {},
    );
    if (!checked.ok) addNewProblems(problems, checked.errors);
    if (problems.length > 0 || !checked.ok || !project || !product || !date.ok) {
      return { ok: false, errors: problems };
    }
    const v = checked.value;
    const quantity = parseQuantity(v.quantity);
    const price = v.unitPrice === undefined ? undefined : parseMoney(v.unitPrice);
    if (!quantity.ok || (price && !price.ok)) return { ok: false, errors: problems };
    const row: MaterialLineRow = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      project_id: project.id,
      product_id: product.id,
      date: v.date,
      quantity_hundredths: quantity.value,
      unit_price_ore: price?.ok ? price.value : Number(product.sales_price_ore),
      description: v.description?.trim() ?? '',
      invoice_attachment_id: null,
      invoiced_at: null,
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    return {
      ok: true,
      row,
      sample: {
        projectNumber: fields.projectNumber.trim(),
        productNumber: fields.productNumber.trim(),
        date: row.date,
        quantity: formatQuantity(row.quantity_hundredths),
        unitPrice: formatMoney(row.unit_price_ore),
        description: row.description,
      },
    };
  },
};

interface FreeTextContext {
  projects: ReferenceIndex;
}

export const freeTextLinesImporter: EntityImporter<FreeTextContext> = {
  table: 'free_text_lines',
  async load(db, workspaceId) {
    return { projects: await referencesBy(db, 'projects', 'number', workspaceId) };
  },
  prepare(fields, context, env) {
    const problems: FieldProblem[] = [];
    const project = resolve(
      fields.projectNumber,
      context.projects,
      'projectNumber',
      projectMissing,
      problems,
    );
    const date = csvDate(fields.date);
    if (!date.ok) problems.push({ field: 'date', message: date.message });
    const checked = checkWithSchema(freeTextLineCreateSchema, {
      projectId: project?.id ?? UNRESOLVED,
      date: date.ok ? date.value : '2000-01-01',
      text: fields.text,
      quantity: fields.quantity,
      unitPrice: fields.unitPrice,
    });
    if (!checked.ok) addNewProblems(problems, checked.errors);
    if (problems.length > 0 || !checked.ok || !project || !date.ok) return { ok: false, errors: problems };
    const v = checked.value;
    const quantity = parseQuantity(v.quantity);
    const price = parseMoney(v.unitPrice);
    if (!quantity.ok || !price.ok) return { ok: false, errors: problems };
    const row: FreeTextLineRow = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      project_id: project.id,
      date: v.date,
      text: v.text,
      quantity_hundredths: quantity.value,
      unit_price_ore: price.value,
      invoice_attachment_id: null,
      invoiced_at: null,
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    return {
      ok: true,
      row,
      sample: {
        projectNumber: fields.projectNumber.trim(),
        date: row.date,
        text: row.text,
        quantity: formatQuantity(row.quantity_hundredths),
        unitPrice: formatMoney(row.unit_price_ore),
      },
    };
  },
};

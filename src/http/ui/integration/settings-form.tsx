import type { LookupItem, LookupResult } from '../../../integration/lookup-types.ts';
import { describeValue } from '../../../integration/references.ts';
import type { IntegrationSettings } from '../../../integration/settings.ts';
import { transportProductNos } from '../../../integration/settings-schema.ts';
import type { HourTypeRef, MachineRef } from '../../../integration/workspace-refs.ts';
import { CsrfField } from '../components/form.tsx';
import {
  Check,
  type FormValues,
  fieldId,
  Input,
  ListNotice,
  MappingTable,
  Select,
} from './form-controls.tsx';
import {
  DIRECTION_OPTIONS,
  dimensionLabel,
  INVOICE_TYPE_OPTIONS,
  productLabel,
  SYNC_OPTIONS,
  workTypeLabel,
} from './labels.ts';

// The settings form. Input names are the settings' own dotted paths, so a validation error's
// path lands on the input it is about without any mapping table.

type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * Turns the submitted form into a settings document for saveSettings. Numbers that are not
 * whole numbers stay text so validation names the field instead of guessing.
 * @example const input = settingsFromForm(await c.req.parseBody(), hourTypes, machines);
 */
export function settingsFromForm(body: FormBody, hourTypes: HourTypeRef[], machines: MachineRef[]): unknown {
  const text = (name: string): string => {
    const v = body[name];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return typeof s === 'string' ? s.trim() : '';
  };
  const orNull = (name: string): string | null => text(name) || null;
  const bool = (name: string): boolean => text(name) === '1';
  const days = text('customers.paymentTermsDays');
  const workTypeByHourType: Record<string, string> = {};
  for (const t of hourTypes) {
    const v = text(`hours.workTypeByHourType.${t.code}`);
    if (v) workTypeByHourType[t.code] = v;
  }
  const dimensionByMachine: Record<string, string> = {};
  for (const m of machines) {
    const v = text(`invoicing.dimensionByMachine.${m.number}`);
    if (v) dimensionByMachine[m.number] = v;
  }
  return {
    customers: {
      sync: text('customers.sync'),
      direction: text('customers.direction'),
      paymentTermsDays: /^\d{1,6}$/.test(days) ? Number(days) : days,
    },
    projects: {
      sync: text('projects.sync'),
      direction: text('projects.direction'),
      includeCustomer: bool('projects.includeCustomer'),
    },
    hours: { sync: text('hours.sync'), startDate: orNull('hours.startDate'), workTypeByHourType },
    products: { sync: text('products.sync'), direction: text('products.direction') },
    invoicing: {
      invoiceType: text('invoicing.invoiceType'),
      groupHoursByType: bool('invoicing.groupHoursByType'),
      productNo: {
        hours: orNull('invoicing.productNo.hours'),
        transport: {
          km: orNull('invoicing.productNo.transport.km'),
          toll: orNull('invoicing.productNo.transport.toll'),
          other: orNull('invoicing.productNo.transport.other'),
        },
        freeText: orNull('invoicing.productNo.freeText'),
      },
      dimensionByMachine,
    },
  };
}

/**
 * Flattens settings into input values keyed by dotted path.
 * @example formValuesOf(settings)['customers.paymentTermsDays'] // '14'
 */
export function formValuesOf(settings: IntegrationSettings): FormValues {
  const out: FormValues = {};
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else {
      out[path] =
        value === null || value === undefined
          ? ''
          : value === true
            ? '1'
            : value === false
              ? '0'
              : String(value);
    }
  };
  // The form always shows the three transport numbers, whichever form the document holds.
  const productNo = settings.invoicing.productNo;
  walk(
    {
      ...settings,
      invoicing: {
        ...settings.invoicing,
        productNo: { ...productNo, transport: transportProductNos(productNo.transport) },
      },
    },
    '',
  );
  return out;
}

interface Lists {
  workTypes: LookupResult;
  products: LookupResult;
  dimensions: LookupResult;
}

export interface SettingsFormProps {
  csrfToken: string;
  values: FormValues;
  errors: Record<string, string>;
  hourTypes: HourTypeRef[];
  machines: MachineRef[];
  lists: Lists;
  /** Stored version, sent back so a save on a stale page is refused (409). */
  version: number;
}

const itemsOf = (r: LookupResult): LookupItem[] => (r.ok ? r.items : []);

/** The two choices every synced entity has: automatic or manual, and which way. */
function SyncAndDirection({
  section,
  p,
}: {
  section: 'customers' | 'projects' | 'products';
  p: SettingsFormProps;
}) {
  return (
    <>
      <Select
        name={`${section}.sync`}
        label="Synkronisering"
        options={SYNC_OPTIONS}
        values={p.values}
        errors={p.errors}
      />
      <Select
        name={`${section}.direction`}
        label="Retning"
        options={DIRECTION_OPTIONS}
        values={p.values}
        errors={p.errors}
      />
    </>
  );
}

function ProductSelect(o: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  p: SettingsFormProps;
}) {
  return (
    <Select
      name={o.name}
      label={o.label}
      options={o.options}
      values={o.p.values}
      errors={o.p.errors}
      allowEmpty="(ikke valgt)"
    />
  );
}

/**
 * All of the article's settings in five sections, with pickers filled from live 24SO lists.
 * @example <SettingsForm csrfToken={t} values={formValuesOf(settings)} errors={{}} … />
 */
export function SettingsForm(p: SettingsFormProps) {
  const workTypeOptions = itemsOf(p.lists.workTypes).map((w) => ({
    value: w.id,
    label: workTypeLabel(w),
  }));
  const productOptions = itemsOf(p.lists.products).map((x) => ({
    value: String(x.no),
    label: productLabel(x),
  }));
  const dimensionOptions = itemsOf(p.lists.dimensions).map((d) => ({
    value: d.id,
    label: dimensionLabel(d),
  }));
  return (
    <form method="post" action="/integrasjoner/24sevenoffice/innstillinger" class="settings-form" novalidate>
      <CsrfField token={p.csrfToken} />
      <input type="hidden" name="version" value={String(p.version)} />

      <section class="card" aria-labelledby="s-kunder">
        <h2 id="s-kunder">Kunder</h2>
        <SyncAndDirection section="customers" p={p} />
        <Input
          name="customers.paymentTermsDays"
          label="Betalingstid for eksporterte kunder (dager)"
          type="text"
          values={p.values}
          errors={p.errors}
        />
      </section>

      <section class="card" aria-labelledby="s-prosjekt">
        <h2 id="s-prosjekt">Prosjekt</h2>
        <SyncAndDirection section="projects" p={p} />
        <Check name="projects.includeCustomer" label="Ta med kunden på prosjektet" values={p.values} />
      </section>

      <section class="card" aria-labelledby="s-timer">
        <h2 id="s-timer">Timer</h2>
        <Select
          name="hours.sync"
          label="Synkronisering"
          options={SYNC_OPTIONS}
          values={p.values}
          errors={p.errors}
        />
        <Input
          name="hours.startDate"
          label="Startdato (tidligste timer som overføres)"
          type="date"
          values={p.values}
          errors={p.errors}
        />
        <ListNotice result={p.lists.workTypes} what="Arbeidstypene" />
        <MappingTable
          heading={['Timetype', 'Arbeidstype i 24SevenOffice']}
          rows={p.hourTypes.map((t) => ({ key: t.code, text: `${t.code} – ${t.name}` }))}
          prefix="hours.workTypeByHourType"
          labelOf={(code) => `Arbeidstype for ${code}`}
          options={workTypeOptions}
          unlisted={(value) => describeValue('work-types', value)}
          emptyLabel="(ingen – timene holdes igjen)"
          values={p.values}
          errors={p.errors}
        />
      </section>

      <section class="card" aria-labelledby="s-varelager">
        <h2 id="s-varelager">Varelager</h2>
        <SyncAndDirection section="products" p={p} />
      </section>

      <section class="card" aria-labelledby="s-fakturering">
        <h2 id="s-fakturering">Fakturering</h2>
        <Select
          name="invoicing.invoiceType"
          label="Fakturatype"
          options={INVOICE_TYPE_OPTIONS}
          values={p.values}
          errors={p.errors}
        />
        <Check name="invoicing.groupHoursByType" label="Grupper timelinjer per timetype" values={p.values} />
        <h3>Varenumre i 24SevenOffice</h3>
        <p class="field-hint">Hver ordrelinje i 24SevenOffice må ha et varenummer.</p>
        <ListNotice result={p.lists.products} what="Varene" />
        <ProductSelect name="invoicing.productNo.hours" label="Timelinjer" options={productOptions} p={p} />
        {/* One anchor and error for the transport numbers as a whole (stored as one when all three agree). */}
        <fieldset class="plain" id={fieldId('invoicing.productNo.transport')}>
          <legend>Kjøring</legend>
          <p class="field-hint">
            Samme vare for alle tre, eller hver sin (for eksempel en egen vare for bomring med annen mva).
          </p>
          {p.errors['invoicing.productNo.transport'] && (
            <span class="field-error">{p.errors['invoicing.productNo.transport']}</span>
          )}
          <ProductSelect
            name="invoicing.productNo.transport.km"
            label="Kjøring (km)"
            options={productOptions}
            p={p}
          />
          <ProductSelect
            name="invoicing.productNo.transport.toll"
            label="Bomring"
            options={productOptions}
            p={p}
          />
          <ProductSelect
            name="invoicing.productNo.transport.other"
            label="Andre utgifter"
            options={productOptions}
            p={p}
          />
        </fieldset>
        <ProductSelect
          name="invoicing.productNo.freeText"
          label="Fritekstlinjer"
          options={productOptions}
          p={p}
        />
        <h3>Maskin → dimensjon</h3>
        <p class="field-hint">
          Timelinjer på en maskin får dimensjonen automatisk; uten dimensjon kommer linjen uten, og kan fylles
          ut på ordren i 24SevenOffice.
        </p>
        <ListNotice result={p.lists.dimensions} what="Dimensjonene" />
        <MappingTable
          heading={['Maskin', 'Dimensjon i 24SevenOffice']}
          rows={p.machines.map((m) => ({ key: m.number, text: `${m.number} – ${m.name}` }))}
          prefix="invoicing.dimensionByMachine"
          labelOf={(number) => `Dimensjon for ${number}`}
          options={dimensionOptions}
          unlisted={(value) => describeValue('dimensions', value)}
          emptyLabel="(ingen dimensjon)"
          values={p.values}
          errors={p.errors}
        />
      </section>

      <div class="form-actions" style="margin-bottom:1rem">
        <button type="submit">Lagre innstillingene</button>
      </div>
    </form>
  );
}

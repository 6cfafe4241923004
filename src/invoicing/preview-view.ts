import { z } from 'zod';
import { formatMoney, formatQuantity, moneyOutput } from '../workspace/values.ts';
import { formatRate, lineUnits, unitsToOre } from './money.ts';
import type { OrderPreview } from './preview.ts';

// The order preview as GET /invoice-attachments/{id}/preview answers it and the pages show it.

export const previewSchema = z
  .object({
    attachmentId: z.string(),
    invoiceType: z
      .enum(['single-line', 'multi-line'])
      .describe('Enlinjet eller flerlinjet, fra innstillingene'),
    customer: z.object({
      id: z.string(),
      number: z.number(),
      name: z.string(),
      twentyfourId: z.number().nullable(),
    }),
    project: z.object({
      id: z.string(),
      number: z.string(),
      name: z.string(),
      twentyfourId: z.number().nullable(),
    }),
    yourReference: z.string().describe('Deres referanse'),
    ourReference: z.number().nullable().describe('Vår referanse: prosjektlederens ansatt-id i 24SevenOffice'),
    ourReferenceName: z.string().nullable().describe('Prosjektlederens navn (den ansatte i ourReference)'),
    paymentTermsDays: z.number().int().describe('Betalingstid i dager'),
    orderDate: z.string().describe('Ordredato'),
    deliveryDate: z.string().describe('Leveringsdato: siste dato på vedlegget'),
    referenceNumber: z.string().describe('Broens nøkkel i ordrens ReferenceNumber'),
    rows: z.array(
      z.object({
        productNo: z.string().nullable().describe('Varenummer i 24SevenOffice'),
        name: z.string(),
        quantity: z.string(),
        unitPrice: moneyOutput('Pris per enhet'),
        amount: moneyOutput('Beløp eks. mva'),
        vatRate: z.string().describe('Mva-sats i prosent (fra varen i 24SevenOffice)'),
        dimension: z.string().describe('Dimensjon, eller «uten dimensjon»'),
        sourceLines: z.number().int().describe('Antall linjer fra vedlegget'),
      }),
    ),
    totals: z.object({ net: moneyOutput(), vat: moneyOutput(), gross: moneyOutput() }),
    blockers: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        exportable: z
          .boolean()
          .optional()
          .describe('true: POST /invoice-attachments/{id}/export-dependencies eksporterer det som mangler'),
        href: z.string().optional(),
        fixLabel: z.string().optional(),
      }),
    ),
    ready: z.boolean().describe('true når ingenting hindrer overføring'),
  })
  .meta({
    title: 'OrderPreview',
    description: 'Ordren Broen vil lage i 24SevenOffice, og hva som hindrer den',
  });

/**
 * The preview as the API shows it.
 * @example c.json(previewView(preview))
 */
export function previewView(p: OrderPreview): z.infer<typeof previewSchema> {
  return {
    attachmentId: p.attachmentId,
    invoiceType: p.invoiceType,
    customer: p.customer,
    project: p.project,
    yourReference: p.yourReference,
    ourReference: p.ourReference,
    ourReferenceName: p.ourReferenceName,
    paymentTermsDays: p.paymentTermsDays,
    orderDate: p.orderDate,
    deliveryDate: p.deliveryDate,
    referenceNumber: p.referenceNumber,
    rows: p.rows.map((r) => ({
      productNo: r.productNo,
      name: r.name,
      quantity: formatQuantity(r.quantityHundredths),
      unitPrice: formatMoney(r.priceOre),
      amount: formatMoney(unitsToOre(lineUnits(r.quantityHundredths, r.priceOre))),
      vatRate: formatRate(r.rate),
      dimension: r.dimensionLabel,
      sourceLines: r.sourceLines,
    })),
    totals: {
      net: formatMoney(p.totals.netOre),
      vat: formatMoney(p.totals.vatOre),
      gross: formatMoney(p.totals.grossOre),
    },
    blockers: p.blockers,
    ready: p.blockers.length === 0,
  };
}

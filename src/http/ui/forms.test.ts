// Scenario: the office admin registers, corrects and deletes records, approves hours by selection and links workers to 24SO.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/databases.ts';
import { getEmployee } from '../../workspace/employees.ts';
import { getHourEntry } from '../../workspace/hours.ts';
import { createUiHarness, type UiClient, type UiHarness } from './test-harness.ts';

/** The error text rendered right after the field's input. */
function fieldError(html: string, fieldId: string): string | undefined {
  return new RegExp(`id="${fieldId}-error">([^<]+)<`).exec(html)?.[1];
}

describe('web UI forms and actions', () => {
  let h: UiHarness;
  let client: UiClient;
  beforeAll(async () => {
    const t = await createTestDatabase('sqlite');
    h = await createUiHarness(t.db);
    client = await h.login();
    return () => t.destroy();
  });

  it('re-renders a customer form with each field error beside its input and the input kept', async () => {
    const res = await client.post('/kunder', {
      name: '',
      orgNumber: '123456789',
      email: 'post@nordvik.no',
      paymentTermsDays: '30',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'f-name')).toBe('Feltet må fylles ut.');
    // All problems at once, not one per attempt.
    expect(fieldError(res.text, 'f-orgNumber')).toContain('Organisasjonsnummeret er ikke gyldig');
    expect(res.text.indexOf('Navn: Feltet må fylles ut.')).toBeLessThan(
      res.text.indexOf('Organisasjonsnummer: '),
    );
    expect(res.text).toContain('value="123456789"');
    expect(res.text).toContain('value="post@nordvik.no"');
    expect(res.text).toContain('Skjemaet har feil');
    const domain = await client.post('/kunder', { name: 'Fjellheim AS', orgNumber: '123456789' });
    expect(domain.status).toBe(422);
    expect(fieldError(domain.text, 'f-orgNumber')).toContain('Organisasjonsnummeret er ikke gyldig');
    expect(domain.text).toContain('value="Fjellheim AS"');
  });

  it('shows every field error in one pass: org. number, postal code and a number in use together', async () => {
    const res = await client.post('/kunder', {
      number: '20001',
      name: 'Første AS',
    });
    expect(res.status).toBe(303);
    const all = await client.post('/kunder', {
      number: '20001',
      name: 'Andre AS',
      orgNumber: '123456789',
      'address.postalCode': 'ABCD',
    });
    expect(all.status).toBe(422);
    expect(fieldError(all.text, 'f-orgNumber')).toContain('Organisasjonsnummeret er ikke gyldig');
    expect(fieldError(all.text, 'f-address.postalCode')).toBe('Norske postnummer har 4 siffer.');
    expect(fieldError(all.text, 'f-number')).toBe('Kundenummer 20001 er allerede i bruk.');
  });

  it("warns on the new customer's page when another customer has the same org. number, with a link", async () => {
    const res = await client.post('/kunder', {
      name: 'Dup org',
      orgNumber: '923456783',
      paymentTermsDays: '14',
    });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/kunder\/[0-9a-f-]+\?melding=opprettet$/);
    const page = await client.get(res.location ?? '');
    expect(page.text).toContain('Kunden er opprettet.');
    expect(page.text).toContain('har samme organisasjonsnummer');
    expect(page.text).toContain(`href="/kunder/${h.data.customerId}">Åpne kunde`);
  });

  it('shows Norwegian messages for the domain schema rules, never zod English', async () => {
    const res = await client.post('/kunder', {
      name: 'Kystvei Anlegg AS',
      number: '0',
      paymentTermsDays: '400',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'f-number')).toBe('Må være minst 1.');
    expect(fieldError(res.text, 'f-paymentTermsDays')).toBe('Må være høyst 365.');
    expect(res.text).not.toMatch(/Too (big|small)|expected/);
  });

  it('creates, edits and soft-deletes a customer after confirmation', async () => {
    const created = await client.post('/kunder', {
      name: 'Fjellheim Entreprenør AS',
      orgNumber: '934 567 897',
      'address.postalCode': '5003',
      'address.city': 'Bergen',
      paymentTermsDays: '30',
      active: '1',
    });
    expect(created.status).toBe(303);
    const list = await client.get(created.location ?? '');
    expect(list.text).toContain('Kunden er opprettet.');
    expect(list.text).toContain('Fjellheim Entreprenør AS');
    const id = /href="\/kunder\/([0-9a-f-]{36})">Fjellheim Entreprenør AS</.exec(list.text)?.[1];
    expect(id).toBeDefined();
    const edit = await client.get(`/kunder/${id}`);
    expect(edit.text).toContain('value="934567897"');
    expect(edit.text).toContain('value="Bergen"');
    const badPostal = await client.post(`/kunder/${id}`, {
      name: 'Fjellheim Entreprenør AS',
      'address.postalCode': '50',
      paymentTermsDays: '30',
    });
    expect(badPostal.status).toBe(422);
    expect(fieldError(badPostal.text, 'f-address-postalCode')).toBe('Norske postnummer har 4 siffer.');
    const saved = await client.post(`/kunder/${id}`, {
      name: 'Fjellheim Entreprenør AS',
      paymentTermsDays: '45',
    });
    expect(saved.status).toBe(303);
    expect((await client.get(saved.location ?? '')).text).toContain('Kunden er lagret.');
    const confirm = await client.get(`/kunder/${id}/slett`);
    expect(confirm.text).toContain('Vil du slette kunden?');
    expect(confirm.text).toContain('Ja, slett');
    const deleted = await client.post(`/kunder/${id}/slett`, {});
    expect(deleted.status).toBe(303);
    const after = await client.get(deleted.location ?? '');
    expect(after.text).toContain('Kunden er slettet.');
    expect(after.text).not.toContain('Fjellheim Entreprenør AS');
    expect((await client.get(`/kunder/${id}`)).status).toBe(404);
  });

  it('reads Norwegian amounts and dates typed into forms', async () => {
    const res = await client.post('/varelager', {
      number: 'P-1001',
      name: 'Pukk 0-32 mm',
      unit: 'tonn',
      salesPrice: 'kr 1 234,50',
      stock: '12,5',
    });
    expect(res.status).toBe(303);
    const list = await client.get('/varelager');
    expect(list.text).toContain('kr 1\u202f234,50');
    expect(list.text).toContain('12,5');
    const km = await client.post('/kjoring', {
      projectId: h.data.projectId,
      date: '14.03.2026',
      kind: 'km',
      quantity: '42,5',
      unitPrice: '5,00',
    });
    expect(km.status).toBe(303);
    const transport = await client.get('/kjoring');
    expect(transport.text).toContain('14.03.2026');
    expect(transport.text).toContain('kr 212,50');
    const badDate = await client.post('/kjoring', {
      projectId: h.data.projectId,
      date: '31.02.2026',
      kind: 'km',
      quantity: '1',
      unitPrice: '5',
    });
    expect(badDate.status).toBe(422);
    expect(fieldError(badDate.text, 'f-date')).toBe('Skriv en gyldig dato (dd.mm.åååå)');
  });

  it('approves the selected hours with htmx and swaps their rows in place', async () => {
    const [first, second] = h.data.hourIds;
    const page = await client.get('/timer');
    expect(page.text).toContain('Godkjenn valgte');
    expect(page.text).toContain(`value="${first}"`);
    const res = await client.post('/timer/godkjenn', { ids: [first] }, { headers: { 'hx-request': 'true' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 time er godkjent.');
    expect(res.text).toContain(`<template><tr id="time-${first}" class="approved" hx-swap-oob="true">`);
    expect(res.text).not.toContain(`time-${second}`);
    expect((await getHourEntry(h.deps.db, h.workspace.id, first))?.approved).toBe(true);
    expect((await getHourEntry(h.deps.db, h.workspace.id, first))?.approvedBy).toBe(h.email);
    expect((await getHourEntry(h.deps.db, h.workspace.id, second))?.approved).toBe(false);
    const onlyApproved = await client.get('/timer?godkjent=ja');
    expect(onlyApproved.text).toContain(`value="${first}"`);
    expect(onlyApproved.text).not.toContain(`value="${second}"`);
  });

  it('explains that an approved hour must be un-approved before it can be edited', async () => {
    const [first] = h.data.hourIds;
    const edit = await client.get(`/timer/${first}`);
    expect(edit.text).toContain('Timen er godkjent. Fjern godkjenningen før du endrer den.');
    expect(edit.text).not.toContain('Lagre endringer');
    expect(edit.text).toContain('Fjern godkjenning');
    const forced = await client.post(`/timer/${first}`, {
      employeeId: h.data.employeeId,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      date: '2026-03-02',
      hours: '9',
    });
    expect(forced.status).toBe(422);
    expect(forced.text).toContain('Timen er godkjent. Fjern godkjenningen før du endrer den.');
    expect((await getHourEntry(h.deps.db, h.workspace.id, first))?.minutes).toBe(450);
  });

  it('removes approval without JavaScript and returns to the hour, now editable', async () => {
    const [first] = h.data.hourIds;
    const res = await client.post('/timer/fjern-godkjenning', { ids: first, tilbake: `/timer/${first}` });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/timer/${first}?melding=apnet&antall=1`);
    expect((await getHourEntry(h.deps.db, h.workspace.id, first))?.approved).toBe(false);
    const edit = await client.get(res.location ?? '');
    expect(edit.text).toContain('Lagre endringer');
    expect(edit.text).toContain('Godkjenningen er fjernet. Timen kan endres igjen.');
    // The page shows the approval history: approved, then the approval removed, and by whom.
    expect(edit.text).toContain('Godkjenningshistorikk');
    expect(edit.text).toMatch(/Godkjent<\/td><td>[^<]+<\/td>[\s\S]*Godkjenning fjernet<\/td><td>[^<]+<\/td>/);
    const saved = await client.post(`/timer/${first}`, {
      employeeId: h.data.employeeId,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      date: '2026-03-02',
      hours: '7,75',
      billable: '1',
    });
    expect(saved.status).toBe(303);
    expect((await getHourEntry(h.deps.db, h.workspace.id, first))?.minutes).toBe(465);
  });

  it('shows the hour rule from the domain next to the field', async () => {
    const res = await client.post('/timer', {
      employeeId: h.data.employeeId,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      date: '2026-03-05',
      hours: '25',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'f-hours')).toBe('En timeregistrering kan være på høyst 24 timer.');
    expect(res.text).toContain('value="25"');
  });

  it('saves a 24SO contact id inline on Admin. arbeidere and refuses anything but a positive whole number', async () => {
    const id = h.data.employeeId;
    const bad = await client.post(
      `/arbeidere/admin/${id}`,
      { twentyfourContactId: '-5' },
      { headers: { 'hx-request': 'true' } },
    );
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('24SO kontakt-ID må være et positivt heltall.');
    expect(bad.text).toContain('value="-5"');
    expect((await getEmployee(h.deps.db, h.workspace.id, id))?.twentyfourContactId).toBeNull();
    const ok = await client.post(
      `/arbeidere/admin/${id}`,
      { twentyfourContactId: '501' },
      { headers: { 'hx-request': 'true' } },
    );
    expect(ok.text).toContain(`<tr id="arbeider-${id}">`);
    // Not connected to 24SO: saved, and said to be unchecked.
    expect(ok.text).toContain('Lagret (ikke kontrollert mot 24SevenOffice)');
    expect((await getEmployee(h.deps.db, h.workspace.id, id))?.twentyfourContactId).toBe(501);
    const page = await client.get('/arbeidere/admin');
    expect(page.text).toContain(
      'Kontaktene i 24SevenOffice kunne ikke leses: Ikke koblet til 24SevenOffice.',
    );
    const cleared = await client.post(`/arbeidere/admin/${id}`, { twentyfourContactId: '' });
    expect(cleared.status).toBe(303);
    expect((await getEmployee(h.deps.db, h.workspace.id, id))?.twentyfourContactId).toBeNull();
  });
});

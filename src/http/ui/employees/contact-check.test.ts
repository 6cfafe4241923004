// Scenario: on Arbeidere → Admin. arbeidere the office admin types contact ids while connected to "Demo Maskin AS": a customer's contact person and an unknown id are refused beside the row, an employee is saved with the contact's name — the same rule as the REST API.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { listClientsForCredentials, saveConnection } from '../../../integration/connection.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import type { ConnectionDeps } from '../../../integration/session-calls.ts';
import { createSandbox } from '../../../sandbox/server.ts';
import { createEmployee, getEmployee } from '../../../workspace/employees.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const CREDENTIALS = { username: 'api@demo.no', password: 'demo-password' };

describeEachDatabase('web UI: a worker’s 24SO contact id is checked against the client', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let employeeId: string;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    const runtime: ConnectionDeps = installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    client = await h.login();
    const listed = await listClientsForCredentials(runtime, CREDENTIALS);
    const identityId = listed.ok
      ? listed.clients.find((c) => c.name === 'Demo Maskin AS')?.identityId
      : undefined;
    expect(
      (await saveConnection(runtime, h.workspace.id, { ...CREDENTIALS, identityId: identityId ?? '' })).ok,
    ).toBe(true);
    employeeId = (await createEmployee(getDb(), h.workspace.id, { name: 'Kontroll Arbeider' }, h.deps.clock))
      .id;
  });

  const save = (value: string) =>
    client.post(
      `/arbeidere/admin/${employeeId}`,
      { twentyfourContactId: value },
      { headers: { 'hx-request': 'true' } },
    );

  it('refuses a customer’s contact person and an id the client does not have', async () => {
    const person = await save('601');
    expect(person.status).toBe(200);
    expect(person.text).toContain(
      'Kontakt-id 601 (Jon Vik) er en kontaktperson, ikke en ansatt i 24SevenOffice-klienten «Demo Maskin AS». Velg en ansatt fra listen.',
    );
    const unknown = await save('99998');
    expect(unknown.text).toContain('Kontakt-id 99998 finnes ikke i 24SevenOffice-klienten «Demo Maskin AS».');
    expect((await getEmployee(getDb(), h.workspace.id, employeeId))?.twentyfourContactId).toBeNull();
  });

  it('saves an employee of the client with the contact’s name beside it', async () => {
    const saved = await save('504');
    expect(saved.text).toContain('Lise Berg (lise.berg@demomaskin.no)');
    expect((await getEmployee(getDb(), h.workspace.id, employeeId))?.twentyfourContactId).toBe(504);
  });
});

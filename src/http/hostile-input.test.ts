// Scenario: a fuzzing client (or a clumsy script) sends NUL and other control characters, huge
// bodies, absurdly nested JSON and misspelt nested fields to the API and the web UI. Each is
// refused with a clear Norwegian 400/413 and nothing is stored, on SQLite and PostgreSQL alike.
import { connect } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { listen } from '../cli/http-server.ts';
import { createUiHarness, type UiClient, type UiHarness } from './ui/test-harness.ts';

describeEachDatabase('hostile input: REST API', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  const customerCount = async () =>
    Number(
      (
        await getDb()
          .selectFrom('customers')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', h.a.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a NUL in a text field with a 400 naming the field', async () => {
    const res = await h.request('POST', '/api/v1/customers', { body: { name: 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toContainEqual({ path: 'name', message: expect.stringMatching(/kontrolltegn/) });
    expect(await customerCount()).toBe(0);
  });

  it('refuses a NUL in a nested field, and tab or newline in a single-line field', async () => {
    const nested = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Nordvik AS', address: { city: 'Oslo\u0000' } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toContainEqual({
      path: 'address.city',
      message: expect.stringMatching(/kontrolltegn/),
    });
    const tab = await h.request('POST', '/api/v1/customers', { body: { name: 'Nordvik\tAS' } });
    expect(tab.status).toBe(400);
    expect(tab.body.errors).toContainEqual({ path: 'name', message: expect.stringMatching(/kontrolltegn/) });
    const esc = await h.request('POST', '/api/v1/customers', { body: { name: 'Nordvik \u001b[31mAS' } });
    expect(esc.status).toBe(400);
    expect(await customerCount()).toBe(0);
  });

  it('refuses control characters in the query string and the path', async () => {
    const search = await h.request('GET', '/api/v1/customers?search=%00');
    expect(search.status).toBe(400);
    expect(search.body.errors).toContainEqual({
      path: 'search',
      message: expect.stringMatching(/kontrolltegn/),
    });
    const path = await h.request('GET', '/api/v1/customers/%00');
    expect(path.status).toBe(400);
    expect(path.body.detail).toMatch(/kontrolltegn/);
    const ids = await h.request('GET', '/api/v1/hours?projectId=x%00y');
    expect(ids.status).toBe(400);
  });

  it('refuses a CSV file with a NUL in a cell, in the dry run and the real import alike', async () => {
    const csv = 'navn;orgnr\nNordvik\u0000 Bygg AS;\n';
    for (const query of ['?dryRun=true', '']) {
      const res = await h.request('POST', `/api/v1/imports/customers${query}`, {
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual({
        path: 'rows.2',
        message: expect.stringMatching(/kontrolltegn/),
      });
    }
    expect(await customerCount()).toBe(0);
  });

  it('keeps tab and newline in a text area field (an hour description)', async () => {
    const res = await h.request('POST', '/api/v1/customers', { body: { name: 'Tekst AS' } });
    expect(res.status).toBe(201);
    const transport = await h.request('POST', '/api/v1/projects', {
      body: { number: 'P-T1', name: 'Tekstprosjekt', customerId: res.body.id },
    });
    expect(transport.status).toBe(201);
    const entry = await h.request('POST', '/api/v1/transport', {
      body: {
        projectId: transport.body.id,
        date: '2025-03-14',
        kind: 'km',
        quantity: '12',
        unitPrice: '5.00',
        description: 'Linje 1\nLinje 2\tmed tab',
      },
    });
    expect(entry.status).toBe(201);
    expect(entry.body.description).toBe('Linje 1\nLinje 2\tmed tab');
    const nul = await h.request('POST', '/api/v1/transport', {
      body: {
        projectId: transport.body.id,
        date: '2025-03-14',
        kind: 'km',
        quantity: '1',
        unitPrice: '5',
        description: 'a\u0000',
      },
    });
    expect(nul.status).toBe(400);
  });

  it('refuses a misspelt field at any nesting level instead of dropping it', async () => {
    const res = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Stavefeil AS', address: { streeet: 'Storgata 1', zip: '0150' } },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['address.streeet', 'address.zip']));
  });

  it('refuses deeply nested JSON quickly, without parsing it', async () => {
    const depth = 2_000_000;
    const body = '['.repeat(depth) + ']'.repeat(depth);
    const started = performance.now();
    const res = await h.request('POST', '/api/v1/customers', { body });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/nøstet for dypt/);
    // A full parse of this takes seconds; the scan takes a few milliseconds (generous bound).
    expect(elapsed).toBeLessThan(1500);
    const fine = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Grunt AS', address: { street: '[[[{{{' } },
    });
    expect(fine.status).toBe(201);
  });

  it('caps the API body before reading it', async () => {
    const res = await h.app.request('/api/v1/customers', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.a.token}`,
        'content-type': 'application/json',
        'content-length': String(11 * 1024 * 1024),
      },
      body: '{}',
    });
    expect(res.status).toBe(413);
  });
});

describeEachDatabase('hostile input: web UI', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
  });

  it('answers a login with a NUL in the e-mail with a 400, not a server error', async () => {
    const res = await h.anonymous().post('/logg-inn', { email: `${h.email}\u0000`, password: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/kontrolltegn/);
  });

  it('refuses a NUL in a form field and in the search box', async () => {
    const form = await client.post('/kunder', { name: 'Nul\u0000 AS' });
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/kontrolltegn/);
    const search = await client.get('/kunder?search=%00');
    expect(search.status).toBe(400);
    const path = await client.get('/kunder/%00');
    expect(path.status).toBe(400);
    const rows = await getDb()
      .selectFrom('customers')
      .select('name')
      .where('workspace_id', '=', h.workspace.id)
      .execute();
    expect(rows.map((r) => r.name)).not.toContain('Nul\u0000 AS');
  });

  it('shows a field error for a tab in a single-line field', async () => {
    const res = await client.post('/kunder', { name: 'Tab\tAS' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/kontrolltegn/);
  });

  it('refuses an oversized login body before reading it (413), also streamed without a length', async () => {
    const big = await h.app.request('/logg-inn', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        'content-length': String(300 * 1024 * 1024),
      },
      body: 'email=a',
    });
    expect(big.status).toBe(413);
    let sent = 0;
    const chunk = new TextEncoder().encode(`email=${'a'.repeat(64 * 1024)}`);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Stops by itself after 10 MB, so a broken cap cannot hang the test.
        if (sent > 10 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await h.app.request('/logg-inn', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: stream,
      // @ts-expect-error Node's fetch needs this for a stream body
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('answers a 300 MB login over a real socket with 413 without waiting for the body', async () => {
    const server = await listen(h.app, 0, '127.0.0.1');
    try {
      const { port } = new URL(server.url);
      const status = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            'POST /logg-inn HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n' +
              'Content-Type: application/x-www-form-urlencoded\r\n' +
              `Content-Length: ${300 * 1024 * 1024}\r\n\r\nemail=${'a'.repeat(1000)}`,
          );
        });
        let head = '';
        socket.on('data', (chunk) => {
          head += chunk.toString('latin1');
          if (head.includes('\r\n')) {
            socket.destroy();
            resolve(head.split('\r\n')[0]);
          }
        });
        socket.on('error', reject);
      });
      expect(status).toBe('HTTP/1.1 413 Payload Too Large');
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

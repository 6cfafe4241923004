// Scenario: the office admin moves projects and a season of timesheets from a spreadsheet into
// Broen; references by number/code, Norwegian dates and decimal commas are understood, every
// rule the forms apply holds, and a single bad row stops the whole import.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { HOUR_DATE_INDEXES, indexesOf } from '../../../test/indexes.ts';
import { dialectOf } from '../../db/database.ts';
import { BULK_LOAD_MIN_ROWS } from '../../db/sqlite-bulk-load.ts';
import { createCustomer } from '../customers.ts';
import { createEmployee, updateEmployee } from '../employees.ts';
import { listApprovalEvents } from '../hour-approval.ts';
import { createHourType } from '../hour-types.ts';
import { listHourEntries } from '../hours.ts';
import { createMachine } from '../machines.ts';
import { createProject, getProjectByNumber, softDeleteProject } from '../projects.ts';
import { commitCsvImport, previewCsvImport, ROWS_PER_WRITE } from './import.ts';

const NOW = new Date('2025-03-14T09:30:00.000Z');
const clock = () => NOW;
const HOURS_HEADER =
  'ansattnummer;prosjektnummer;timetype;maskin;dato;timer;start;slutt;beskrivelse;fakturerbar;godkjent';

describeEachDatabase('CSV import of projects and hours', (getDb) => {
  let workspaceId: string;
  let ids: Record<string, string>;
  beforeEach(async () => {
    const db = getDb();
    workspaceId = randomUUID();
    await db
      .insertInto('workspaces')
      .values({
        id: workspaceId,
        slug: `ws-${workspaceId.slice(0, 8)}`,
        name: 'Test AS',
        created_at: NOW.toISOString(),
      })
      .execute();
    const customer = await createCustomer(db, workspaceId, { number: 10001, name: 'Nordvik Bygg AS' });
    const ola = await createEmployee(db, workspaceId, { number: 1, name: 'Ola Nordmann' });
    await createEmployee(db, workspaceId, { number: 2, name: 'Kari Hansen' });
    const ord = await createHourType(db, workspaceId, { code: 'ORD', name: 'Ordinær' });
    const reise = await createHourType(db, workspaceId, { code: 'REISE', name: 'Reise', billable: false });
    const gm = await createMachine(db, workspaceId, { number: 'GM-01', name: 'Gravemaskin' });
    const project = await createProject(db, workspaceId, { number: '1001', name: 'Boligfelt Nordvik' });
    ids = {
      customer: customer.id,
      ola: ola.id,
      ord: ord.id,
      reise: reise.id,
      gm: gm.id,
      project: project.id,
    };
  });

  const hoursOf = async () => (await listHourEntries(getDb(), workspaceId, {}, { limit: 500 })).items;

  it('imports projects with customer and project manager given by number', async () => {
    const csv = [
      'prosjektnummer;navn;kundenummer;prosjektleder;status;startdato;sluttdato',
      '1002;VA-anlegg Fjellheim;10001;2;Pågår;01.03.2025;30.06.2025',
      '1003;Internt verksted;;;planned;;',
    ].join('\n');
    const result = await commitCsvImport(getDb(), workspaceId, 'projects', csv, 'admin@test.no', { clock });
    expect(result).toEqual({ ok: true, entity: 'projects', imported: 2 });
    const va = await getProjectByNumber(getDb(), workspaceId, '1002');
    expect(va).toMatchObject({
      customerId: ids.customer,
      status: 'active',
      startDate: '2025-03-01',
      endDate: '2025-06-30',
    });
    expect(va?.projectManagerId).toBeTruthy();
    expect(await getProjectByNumber(getDb(), workspaceId, '1003')).toMatchObject({
      customerId: null,
      status: 'planned',
    });
  });

  it('reports unknown customers and managers, bad status, end before start and taken numbers per row', async () => {
    await softDeleteProject(getDb(), workspaceId, ids.project);
    const csv = [
      'prosjektnummer;navn;kundenummer;prosjektleder;status;startdato;sluttdato',
      '1001;Gjenbruk av slettet nummer;;;;;',
      '1002;Ukjent kunde;99999;;;;',
      '1003;Ukjent leder;;77;;;',
      '1004;Rar status;;;ferdig-ish;;',
      '1005;Baklengs;;;;01.06.2025;01.05.2025',
    ].join('\n');
    const result = await commitCsvImport(getDb(), workspaceId, 'projects', csv, 'admin@test.no', { clock });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        row: 2,
        column: 'prosjektnummer',
        message:
          'Prosjektnummer 1001 er brukt av en slettet post. Opprett den i skjemaet med samme nummer for å hente den tilbake.',
      },
      { row: 3, column: 'kundenummer', message: 'Kunde 99999 finnes ikke.' },
      {
        row: 4,
        column: 'prosjektleder',
        message: 'Prosjektlederen (ansattnummer 77) finnes ikke blant arbeiderne.',
      },
      { row: 5, column: 'status', message: expect.stringContaining('Ukjent status') },
      { row: 6, column: 'sluttdato', message: 'Sluttdatoen kan ikke være før startdatoen.' },
    ]);
  });

  it('imports hours with Norwegian dates, decimal commas, start/end times, billable from the hour type and approvals', async () => {
    const csv = [
      HOURS_HEADER,
      '1;1001;ORD;GM-01;14.03.2025;7,5;;;Graving av grøft;;ja',
      '2;1001;reise;;2025-03-13;;07:00;9.30;Kjøring til anlegget;;nei',
      '1;1001;ORD;;1.3.2025;0,25;;;;nei;',
    ].join('\r\n');
    const result = await commitCsvImport(getDb(), workspaceId, 'hours', csv, 'admin@test.no', { clock });
    expect(result).toEqual({ ok: true, entity: 'hours', imported: 3 });
    const hours = await hoursOf();
    const byDate = Object.fromEntries(hours.map((h) => [h.date, h]));
    expect(byDate['2025-03-14']).toMatchObject({
      employeeId: ids.ola,
      hourTypeId: ids.ord,
      machineId: ids.gm,
      minutes: 450,
      hours: '7.5',
      description: 'Graving av grøft',
      billable: true,
      approved: true,
      approvedBy: 'admin@test.no',
      approvedAt: NOW.toISOString(),
    });
    // Hour type codes match without regard to case; REISE is not billable by default.
    expect(byDate['2025-03-13']).toMatchObject({
      hourTypeId: ids.reise,
      startTime: '07:00',
      endTime: '09:30',
      minutes: 150,
      billable: false,
      approved: false,
    });
    expect(byDate['2025-03-01']).toMatchObject({ minutes: 15, billable: false });
    const approvedHour = byDate['2025-03-14'];
    expect(
      (await listApprovalEvents(getDb(), workspaceId, approvedHour.id)).map((e) => [e.action, e.actor]),
    ).toEqual([['approved', 'admin@test.no']]);
  });

  it('reports every problem of a row at once, and refuses deactivated workers and closed projects', async () => {
    await updateEmployee(getDb(), workspaceId, ids.ola, { active: false });
    await createProject(getDb(), workspaceId, { number: '1009', name: 'Ferdig', status: 'completed' });
    const csv = [
      HOURS_HEADER,
      '2;1001;ORD;;31.02.2025;25;;;;;', // bad date and too many hours
      '1;1009;ORD;;14.03.2025;7,5;;;;;', // deactivated worker, closed project
    ].join('\n');
    const preview = await previewCsvImport(getDb(), workspaceId, 'hours', csv, { clock });
    const at = (row: number) => preview.errors.filter((e) => e.row === row).map((e) => [e.column, e.message]);
    expect(at(2)).toEqual([
      ['dato', 'Datoen finnes ikke i kalenderen.'],
      ['timer', 'En timeregistrering kan være på høyst 24 timer.'],
    ]);
    expect(at(3)).toEqual([
      ['ansattnummer', 'Arbeider 1 er deaktivert og kan ikke velges for nye registreringer.'],
      ['prosjektnummer', '«1009» er avsluttet og kan ikke velges for nye registreringer.'],
    ]);
  });

  it('judges the edges of the description and the hours exactly as the schema does', async () => {
    // Most rows skip the zod parse (decision 64); these sit on the edges of the rules it checks by hand.
    const longest = 'x'.repeat(1000);
    const csv = [
      HOURS_HEADER,
      `1;1001;ORD;;14.03.2025;7,5;;;"  ${longest}  ";;`, // 1000 characters once trimmed: fine
      `1;1001;ORD;;14.03.2025;7,5;;;${longest}y;;`, // 1001 characters
      '1;1001;ORD;;14.03.2025;0;;;;;', // nothing worked
      '1;1001;ORD;;14.03.2025;-1;;;;;', // negative
    ].join('\n');
    const preview = await previewCsvImport(getDb(), workspaceId, 'hours', csv, { clock });
    const at = (row: number) => preview.errors.filter((e) => e.row === row).map((e) => [e.column, e.message]);
    expect(at(2)).toEqual([]);
    expect(preview.sample[0]).toMatchObject({ description: longest, hours: '7.5' });
    expect(at(3)).toEqual([['beskrivelse', 'Høyst 1000 tegn.']]);
    expect(at(4)).toEqual([['timer', 'Timer må være mer enn 0.']]);
    expect(at(5)).toEqual([['timer', 'Timer kan ikke være negative.']]);
    expect(preview.valid).toBe(1);
  });

  it('applies the same hour rules as the forms and names the column of each problem', async () => {
    const csv = [
      HOURS_HEADER,
      '1;1001;ORD;;14.03.2025;25;;;;;', // more than 24 h
      '1;1001;ORD;;31.02.2025;7,5;;;;;', // no such day
      '1;1001;ORD;;14.03.2025;;15:00;07:00;;;', // end before start
      '1;1001;ORD;;14.03.2025;7,123;;;;;', // finer than a minute
      '9;2002;XYZ;LB-09;14.03.2025;7,5;;;;;', // unknown references
      '1;1001;ORD;;14.03.2025;;;;;;', // no duration at all
      '1;1001;ORD;;14.03.2025;8;07:00;15:30;;kanskje;', // hours disagree with times, bad yes/no
    ].join('\n');
    const preview = await previewCsvImport(getDb(), workspaceId, 'hours', csv, { clock });
    expect(preview.valid).toBe(0);
    const at = (row: number) => preview.errors.filter((e) => e.row === row).map((e) => [e.column, e.message]);
    expect(at(2)).toEqual([['timer', 'En timeregistrering kan være på høyst 24 timer.']]);
    expect(at(3)).toEqual([['dato', 'Datoen finnes ikke i kalenderen.']]);
    expect(at(4)).toEqual([['slutt', expect.stringContaining('Sluttid må være etter starttid')]]);
    expect(at(5)).toEqual([['timer', expect.stringContaining('hele minutter')]]);
    expect(at(6)).toEqual([
      ['ansattnummer', 'Arbeider med ansattnummer 9 finnes ikke.'],
      ['prosjektnummer', 'Prosjekt 2002 finnes ikke.'],
      ['timetype', 'Timetypen «XYZ» finnes ikke.'],
      ['maskin', 'Maskin LB-09 finnes ikke.'],
    ]);
    expect(at(7)).toEqual([['timer', 'Oppgi antall timer, eller start- og sluttid.']]);
    expect(at(8)).toEqual([
      ['timer', 'Timene stemmer ikke med start- og sluttid.'],
      ['fakturerbar', 'Skriv «ja» eller «nei».'],
    ]);
  });

  it('writes no hour at all when the last of many rows is bad, though earlier chunks were written', async () => {
    // More good rows than two writes take, so the bad last row is met after chunks were stored.
    const many = ROWS_PER_WRITE * 2 + 500;
    const good = Array.from(
      { length: many },
      (_, i) => `1;1001;ORD;;${(i % 28) + 1}.02.2025;7,5;;;Rad ${i};;ja`,
    );
    const csv = [HOURS_HEADER, ...good, '1;1001;ORD;;14.03.2025;24,5;;;;;'].join('\n');
    const result = await commitCsvImport(getDb(), workspaceId, 'hours', csv, 'admin@test.no', { clock });
    expect(result).toMatchObject({
      ok: false,
      rows: many + 1,
      valid: many,
      errorCount: 1,
      errors: [{ row: many + 2, column: 'timer' }],
    });
    expect(await hoursOf()).toHaveLength(0);
    const events = await getDb()
      .selectFrom('hour_approval_events')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .execute();
    expect(events).toHaveLength(0);
  });

  it('stores thousands of hours in chunks within the parameter limits of both databases', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `2;1001;ORD;GM-01;${(i % 28) + 1}.02.2025;1;;;Rad ${i};ja;nei`,
    );
    const result = await commitCsvImport(
      getDb(),
      workspaceId,
      'hours',
      [HOURS_HEADER, ...rows].join('\n'),
      'admin@test.no',
      { clock },
    );
    expect(result).toEqual({ ok: true, entity: 'hours', imported: 4000 });
    const count = await getDb()
      .selectFrom('hour_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4000);
  });

  // Large files take the path that builds the date indexes anew on SQLite (decision 75).
  const largeFile = (rows: number, project: string, extra: string[] = []) =>
    [
      HOURS_HEADER,
      ...Array.from(
        { length: rows },
        (_, i) =>
          `${(i % 2) + 1};${project};ORD;;${(i % 28) + 1}.01.2025;1;;;Stor fil ${i};;${i % 2 ? 'ja' : 'nei'}`,
      ),
      ...extra,
    ].join('\n');
  const schemaVersion = async () =>
    dialectOf(getDb()) === 'sqlite'
      ? Number(
          (await sql<{ v: number }>`select schema_version as v from pragma_schema_version`.execute(getDb()))
            .rows[0]?.v,
        )
      : undefined;

  it('adds a large file to the hours already there: both list together, in date order, by project and worker', async () => {
    await createProject(getDb(), workspaceId, { number: '1002', name: 'Fjellheim' });
    const small = [
      HOURS_HEADER,
      '1;1001;ORD;;15.01.2025;7,5;;;Før importen;;',
      '2;1002;ORD;;02.01.2025;2;;;Annet prosjekt;;',
    ];
    expect(
      await commitCsvImport(getDb(), workspaceId, 'hours', small.join('\n'), 'admin@test.no', { clock }),
    ).toMatchObject({ ok: true, imported: 2 });
    const versionBefore = await schemaVersion();
    const many = BULK_LOAD_MIN_ROWS + 1000;
    const result = await commitCsvImport(
      getDb(),
      workspaceId,
      'hours',
      largeFile(many, '1001'),
      'admin@test.no',
      { clock },
    );
    expect(result).toEqual({ ok: true, entity: 'hours', imported: many });
    // On SQLite the indexes were built anew (a schema change); on PostgreSQL never.
    const versionAfter = await schemaVersion();
    if (versionBefore !== undefined) expect(versionAfter).toBeGreaterThan(versionBefore);

    const project = await getProjectByNumber(getDb(), workspaceId, '1001');
    const firstPage = await listHourEntries(getDb(), workspaceId, { projectId: project?.id }, { limit: 500 });
    expect(firstPage.items[0]).toMatchObject({ date: '2025-01-01', description: 'Stor fil 0' });
    const onThe15th = await listHourEntries(
      getDb(),
      workspaceId,
      { projectId: project?.id, from: '2025-01-15', to: '2025-01-15' },
      { limit: 500 },
    );
    expect(onThe15th.items.map((h) => h.description)).toContain('Før importen');
    expect(onThe15th.items).toHaveLength(Math.ceil((many - 14) / 28) + 1);
    const kari = await listHourEntries(getDb(), workspaceId, { employeeId: ids.ola }, { limit: 500 });
    expect(kari.items.every((h) => h.employeeId === ids.ola)).toBe(true);
    const other = await listHourEntries(getDb(), workspaceId, {
      projectId: (await getProjectByNumber(getDb(), workspaceId, '1002'))?.id,
    });
    expect(other.items.map((h) => h.description)).toEqual(['Annet prosjekt']);
    const totals = await getDb()
      .selectFrom('hour_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    expect(Number(totals.n)).toBe(many + 2);
    expect(await indexesOf(getDb(), 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
  });

  it('writes nothing and keeps every index when the last row of a large file is bad', async () => {
    const many = BULK_LOAD_MIN_ROWS + 1000;
    const csv = largeFile(many, '1001', ['1;1001;ORD;;14.03.2025;24,5;;;;;']);
    const result = await commitCsvImport(getDb(), workspaceId, 'hours', csv, 'admin@test.no', { clock });
    expect(result).toMatchObject({
      ok: false,
      valid: many,
      errorCount: 1,
      errors: [{ row: many + 2, column: 'timer' }],
    });
    expect(await hoursOf()).toHaveLength(0);
    expect(await indexesOf(getDb(), 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    // The lists still plan with them.
    if (dialectOf(getDb()) === 'sqlite') {
      const plan = await sql<{
        detail: string;
      }>`explain query plan select id from hour_entries where workspace_id = ${workspaceId} and project_id = ${ids.project} and deleted_at is null order by date, id limit 50`.execute(
        getDb(),
      );
      expect(plan.rows.map((r) => r.detail).join('; ')).toContain('hour_entries_project_date_idx');
    }
  });

  it('stores nothing and keeps every index when the database refuses a row in the middle of a large file', async () => {
    // A refusal only the database knows (here a trigger): raised from a chunk written while the
    // next one was already handed over, after the indexes were set aside on SQLite.
    const db = getDb();
    const sqlite = dialectOf(db) === 'sqlite';
    if (sqlite)
      await sql`create trigger refuse_boom before insert on hour_entries when new.description = 'boom'
        begin select raise(abort, 'boom refused'); end`.execute(db);
    else {
      await sql`create function refuse_boom() returns trigger language plpgsql as $$
        begin if new.description = 'boom' then raise exception 'boom refused'; end if; return new; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_boom before insert on hour_entries for each row execute function refuse_boom()`.execute(
        db,
      );
    }
    try {
      const many = BULK_LOAD_MIN_ROWS + 1000;
      const csv = largeFile(many, '1001').replace(';Stor fil 2500;', ';boom;');
      await expect(
        commitCsvImport(db, workspaceId, 'hours', csv, 'admin@test.no', { clock }),
      ).rejects.toThrow(/boom refused/);
      expect(await hoursOf()).toHaveLength(0);
      expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    } finally {
      await sql`drop trigger refuse_boom ${sqlite ? sql`` : sql`on hour_entries`}`.execute(db);
      if (!sqlite) await sql`drop function refuse_boom()`.execute(db);
    }
  });

  it('limits the reported errors but counts them all', async () => {
    const rows = Array.from({ length: 700 }, () => '1;1001;ORD;;14.03.2025;abc;;;;;');
    const preview = await previewCsvImport(getDb(), workspaceId, 'hours', [HOURS_HEADER, ...rows].join('\n'));
    expect(preview.errorCount).toBe(700);
    expect(preview.errors).toHaveLength(500);
  });
});

import { describe, expect, it } from 'vitest';
import { items, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

function clockAt(iso: string) {
  let now = new Date(iso);
  return { clock: () => now, set: (next: string) => (now = new Date(next)) };
}

describe('ProjectService', () => {
  it('lists active and deactivated projects apart and filters on ChangedAfter', async () => {
    // Scenario: project import reads 24SO's projects, incrementally.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const list = await soapCall(sandbox, 'project', 'GetProjectList', '<Ps />', { cookie });
    expect(items(list.result, 'Project').map((p) => [p.Id, p.Name])).toEqual([
      ['1001', 'Boligfelt Nordvik, trinn 2'],
      ['2050', 'VA-anlegg Fjellheim'],
      ['2051', 'Vedlikehold veier 2025'],
    ]);
    const old = await soapCall(sandbox, 'project', 'GetDeactivatedProjects', '<ps />', {
      cookie,
      version: '1.2',
    });
    expect(items(old.result, 'Project').map((p) => p.Id)).toEqual(['2040']);
    const recent = await soapCall(
      sandbox,
      'project',
      'GetProjectsDetailed',
      '<Ps><ChangedAfter>2025-05-01T00:00:00Z</ChangedAfter></Ps>',
      { cookie },
    );
    expect(items(recent.result, 'Project').map((p) => p.Id)).toEqual(['2050']);
    const names = await soapCall(sandbox, 'project', 'GetProjectNameList', '', { cookie });
    expect(items(names.result, 'ProjectShort')).toHaveLength(3);
    const statuses = await soapCall(sandbox, 'project', 'GetProjectStatuses', '', { cookie });
    expect(items(statuses.result, 'Status').map((s) => s.Name)).toEqual(['Aktiv', 'Tilbud', 'Avsluttet']);
  });

  it('creates and updates a project, keeps Owner as the API user and refuses one without a name', async () => {
    // Scenario: project export from the workspace.
    const time = clockAt('2026-11-03T08:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    // The clock jumps hours between steps; this test is about dates, not session expiry.
    sandbox.setFaults({ sessionIdleMinutes: null });
    const cookie = await login(sandbox);
    const created = await soapCall(
      sandbox,
      'project',
      'SaveProject',
      '<project><Name>Fortau Storgata</Name><NameDisplay>Plain</NameDisplay><CustomerId>20418</CustomerId><Owner>999</Owner><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    expect(created.result).toBe('2052');
    time.set('2026-11-03T09:30:00Z');
    const updated = await soapCall(
      sandbox,
      'project',
      'SaveProject',
      '<project><Id>2052</Id><Name>Fortau Storgata, del 1</Name><NameDisplay>Plain</NameDisplay><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    expect(updated.result).toBe('2052');
    const read = await soapCall(
      sandbox,
      'project',
      'GetProjectList',
      '<Ps><ProjectIds><int>2052</int></ProjectIds></Ps>',
      { cookie },
    );
    expect(items(read.result, 'Project')[0]).toMatchObject({
      Name: 'Fortau Storgata, del 1',
      CustomerId: '20418',
      CustomerName: 'Kystvei Anlegg AS',
      Owner: '500',
      DateChanged: '2026-11-03T09:30:00Z',
      DateRegistered: '2026-11-03T08:00:00Z',
    });
    const nameless = await soapCall(
      sandbox,
      'project',
      'SaveProject',
      '<project><NameDisplay>Plain</NameDisplay><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    expect(nameless.status).toBe(500);
    expect(nameless.fault).toContain('Project name is required');
    const badCustomer = await soapCall(
      sandbox,
      'project',
      'SaveProject',
      '<project><Name>X</Name><NameDisplay>Plain</NameDisplay><CustomerId>4242</CustomerId><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    expect(badCustomer.fault).toContain('Customer with Id 4242 does not exist');
  });
});

describe('TimeService', () => {
  it('lists the demo work types and filters by state', async () => {
    // Scenario: hour-type mapping offers 24SO's work types.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const all = await soapCall(sandbox, 'time', 'GetWorkTypeList', '<Active>none</Active>', { cookie });
    expect(items(all.result, 'WorkType').map((w) => [w.Id, w.Name])).toEqual([
      ['1', 'Ordinær'],
      ['2', 'Overtid 50%'],
      ['3', 'Maskintimer'],
      ['4', 'Reise'],
      ['5', 'Administrasjon'],
    ]);
    const inactive = await soapCall(sandbox, 'time', 'GetWorkTypeList', '<Active>False</Active>', { cookie });
    expect(items(inactive.result, 'WorkType')).toEqual([]);
  });

  it('saves hours at minute resolution, updates them, and finds them by ChangedAfter within the minute', async () => {
    // Scenario: hour export, then an edit after transfer, then an incremental read.
    const time = clockAt('2026-11-04T15:20:42Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    // The clock jumps hours between steps; this test is about dates, not session expiry.
    sandbox.setFaults({ sessionIdleMinutes: null });
    const cookie = await login(sandbox);
    const saved = await soapCall(
      sandbox,
      'time',
      'SaveHour',
      '<Hour><TypeOfWorkId>3</TypeOfWorkId><StartTime>2026-11-04T06:00:30Z</StartTime><StopTime>2026-11-04T13:30:59Z</StopTime><ContactId>501</ContactId><ProjectId>1001</ProjectId><Description>Graving</Description><Locked>none</Locked><Approved>False</Approved><NeedApproval>true</NeedApproval></Hour>',
      { cookie },
    );
    const hour = saved.result as Record<string, unknown>;
    expect(hour).toMatchObject({
      Id: '55007',
      StartTime: '2026-11-04T06:00:00Z',
      StopTime: '2026-11-04T13:30:00Z',
      TotalHours: '7.5',
      CustomerId: '10001',
    });

    const found = await soapCall(
      sandbox,
      'time',
      'GetHours',
      '<hs><ChangedAfter>2026-11-04T15:20:55Z</ChangedAfter></hs>',
      { cookie },
    );
    expect(items(found.result, 'Hour').map((h) => h.Id)).toEqual(['55007']);
    const later = await soapCall(
      sandbox,
      'time',
      'GetHours',
      '<hs><ChangedAfter>2026-11-04T15:21:00Z</ChangedAfter></hs>',
      { cookie },
    );
    expect(items(later.result, 'Hour')).toEqual([]);

    time.set('2026-11-05T08:00:00Z');
    await soapCall(
      sandbox,
      'time',
      'SaveHour',
      '<Hour><Id>55007</Id><TotalHours>6</TotalHours><Description>Graving, rettet</Description></Hour>',
      { cookie, version: '1.2' },
    );
    const edited = await soapCall(
      sandbox,
      'time',
      'GetHours',
      '<hs><HourIds><int>55007</int></HourIds></hs>',
      { cookie },
    );
    expect(items(edited.result, 'Hour')[0]).toMatchObject({
      TotalHours: '6',
      Description: 'Graving, rettet',
      ContactId: '501',
    });
    const byProject = await soapCall(
      sandbox,
      'time',
      'GetHourList',
      '<hs><ProjectId>1001</ProjectId><Status>Approved</Status></hs>',
      { cookie },
    );
    expect(items(byProject.result, 'int')).toEqual(['55001', '55002']);
  });

  it('refuses hours over 255, unknown contacts and more than 1000 HourIds', async () => {
    // Scenario: the client must split big reads and respect 24SO's limits.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const tooMany = await soapCall(
      sandbox,
      'time',
      'SaveHour',
      '<Hour><TypeOfWorkId>1</TypeOfWorkId><TotalHours>256</TotalHours><ContactId>501</ContactId><ProjectId>1001</ProjectId></Hour>',
      { cookie },
    );
    expect(tooMany.fault).toContain('between 0 and 255');
    const stranger = await soapCall(
      sandbox,
      'time',
      'SaveHour',
      '<Hour><TypeOfWorkId>1</TypeOfWorkId><TotalHours>1</TotalHours><ContactId>9999</ContactId></Hour>',
      { cookie },
    );
    expect(stranger.fault).toContain('Contact 9999 does not exist');
    const ids = Array.from({ length: 1001 }, (_, i) => `<int>${i + 1}</int>`).join('');
    const big = await soapCall(sandbox, 'time', 'GetHours', `<hs><HourIds>${ids}</HourIds></hs>`, { cookie });
    expect(big.fault).toContain('Maximum 1000 HourIds');
  });
});

describe('ProjectService single reads', () => {
  it('reads one project by id, faults an unknown one, and names the deactivated projects', async () => {
    // Scenario: a WSDL-driven client looks up one project, and the short list of closed ones.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const one = await soapCall(sandbox, 'project', 'GetSingleProject', '<projectId>1001</projectId>', {
      cookie,
    });
    expect(one.result).toMatchObject({ Id: '1001', Name: 'Boligfelt Nordvik, trinn 2' });
    const unknown = await soapCall(sandbox, 'project', 'GetSingleProject', '<projectId>9999</projectId>', {
      cookie,
    });
    expect(unknown.status).toBe(500);
    expect(unknown.fault).toContain('Project with Id 9999 does not exist.');
    const closed = await soapCall(sandbox, 'project', 'GetDeactivatedProjectNameList', '', { cookie });
    expect(items(closed.result, 'ProjectShort').map((p) => p.Id)).toEqual(['2040']);
  });
});

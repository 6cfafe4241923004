// Norwegian wall-clock time for the sandbox's web view and demo seed. 24SO keeps hours' start
// and stop as UTC instants and shows them in local time, as the web view does.

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * A UTC instant as Oslo wall-clock "DD.MM.YYYY HH:MM".
 * @example osloText('2025-06-10T05:00:00Z') // '10.06.2025 07:00'
 */
export function osloText(iso: unknown): string {
  if (typeof iso !== 'string' || iso.startsWith('0001-') || Number.isNaN(Date.parse(iso))) return '';
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(new Date(iso))) p[x.type] = x.value;
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/**
 * The UTC instant ("…Z", seconds) of an Oslo wall-clock date and time (summer time aware).
 * @example osloToUtcIso('2025-10-06', '07:00') // '2025-10-06T05:00:00Z'
 */
export function osloToUtcIso(day: string, time: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`);
  for (const offset of [120, 60]) {
    const instant = wall - offset * 60_000;
    const shown = osloText(new Date(instant).toISOString());
    const [d, m, y] = day.split('-').reverse();
    if (shown === `${d}.${m}.${y} ${time}`) return `${new Date(instant).toISOString().slice(0, 19)}Z`;
  }
  return `${new Date(wall - 3_600_000).toISOString().slice(0, 19)}Z`;
}

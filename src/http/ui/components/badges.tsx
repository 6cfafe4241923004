import type { FilterSpec } from './resource-spec.ts';

/** "Aktiv" / "Inaktiv" as a small badge. */
export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <span class="badge ok">Aktiv</span> : <span class="badge off">Inaktiv</span>;
}

/** The Aktive/Inaktive filter every register list has. */
export const activeFilter: FilterSpec = {
  name: 'status',
  label: 'Status',
  kind: 'select',
  options: [
    { value: 'aktiv', label: 'Aktive' },
    { value: 'inaktiv', label: 'Inaktive' },
  ],
};

/** The domain's `active` filter from the list's `?status=`. */
export function activeFilterValue(filter: Record<string, string>): boolean | undefined {
  if (filter.status === 'aktiv') return true;
  if (filter.status === 'inaktiv') return false;
  return undefined;
}

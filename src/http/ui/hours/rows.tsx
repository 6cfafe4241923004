import type { HourTransfer } from '../../../integration/hours/facts.ts';
import type { HourEntry } from '../../../workspace/hour-schemas.ts';
import { formatDate, formatDateTime, formatHours } from '../format.ts';
import { TransferCell } from './transfer.tsx';

/** Names shown beside an hour's ids (id → "1 Ola Nordmann"). */
export interface HourLabels {
  employees: Map<string, string>;
  projects: Map<string, string>;
  hourTypes: Map<string, string>;
  machines: Map<string, string>;
}

/** The element id of an hour's table row, the target htmx swaps after (un)approval. */
export const hourRowId = (id: string): string => `time-${id}`;

/**
 * One row of the hours table: a selection checkbox, the facts, and the approval state.
 * `oob` marks it for htmx to swap in place of the row with the same id.
 * @example <HourRow hour={h} labels={labels} />
 */
export function HourRow({
  hour,
  labels,
  oob,
  transfer,
}: {
  hour: HourEntry;
  labels: HourLabels;
  oob?: boolean;
  /** The hour's 24SO state (the list reads all of them in one query). */
  transfer?: HourTransfer;
}) {
  const employee = labels.employees.get(hour.employeeId) ?? '';
  return (
    <tr
      id={hourRowId(hour.id)}
      class={hour.approved ? 'approved' : undefined}
      hx-swap-oob={oob ? 'true' : undefined}
    >
      <td>
        <input
          type="checkbox"
          name="ids"
          value={hour.id}
          id={`velg-${hour.id}`}
          aria-label={`Velg timer ${formatDate(hour.date)} ${employee}`}
        />
      </td>
      <td>
        <a href={`/timer/${hour.id}`}>{formatDate(hour.date)}</a>
      </td>
      <td>{employee}</td>
      <td>{labels.projects.get(hour.projectId) ?? ''}</td>
      <td>{labels.hourTypes.get(hour.hourTypeId) ?? ''}</td>
      <td>{hour.machineId ? (labels.machines.get(hour.machineId) ?? '') : ''}</td>
      <td class="num">{formatHours(hour.hours)}</td>
      <td>{hour.description}</td>
      <td class="approval">
        {hour.approved ? (
          <span
            class="badge ok"
            title={
              hour.approvedAt
                ? `Godkjent ${formatDateTime(hour.approvedAt)} av ${hour.approvedBy ?? ''}`
                : undefined
            }
          >
            Godkjent
          </span>
        ) : (
          <span class="badge off">Ikke godkjent</span>
        )}
      </td>
      <td class="transfer-cell">
        <TransferCell transfer={transfer} />
      </td>
    </tr>
  );
}

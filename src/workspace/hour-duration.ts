import { DomainError } from './errors.ts';
import { parseHours, parseTime, unwrapValue } from './values.ts';

// How long an hour entry lasts: given as hours ("7.5"), whole minutes, or a start and end
// time on the same day. Whatever is given must agree, and one entry is at most a full day.

/** Longest single entry: a full day. */
export const MAX_MINUTES_PER_ENTRY = 24 * 60;

export interface Duration {
  minutes: number;
  startTime: string | null;
  endTime: string | null;
}

/**
 * Works out the duration from hours, minutes or start/end; all given must agree.
 * @example resolveDuration({ startTime: '07:00', endTime: '15:00' }) // { minutes: 480, … }
 */
export function resolveDuration(input: {
  hours?: string;
  minutes?: number;
  startTime?: string | null;
  endTime?: string | null;
}): Duration {
  const stated: Array<{ field: string; minutes: number }> = [];
  if (input.hours !== undefined)
    stated.push({ field: 'hours', minutes: unwrapValue(parseHours(input.hours), 'hours') });
  if (input.minutes !== undefined) stated.push({ field: 'minutes', minutes: input.minutes });
  const start = input.startTime ?? null;
  const end = input.endTime ?? null;
  if ((start === null) !== (end === null)) {
    throw new DomainError(
      'invalid',
      'Fyll ut både starttid og sluttid, eller ingen av dem.',
      start ? 'endTime' : 'startTime',
    );
  }
  if (start !== null && end !== null) {
    const span = unwrapValue(parseTime(end), 'endTime') - unwrapValue(parseTime(start), 'startTime');
    if (span <= 0) {
      throw new DomainError(
        'invalid',
        'Sluttid må være etter starttid. Arbeid over midnatt føres som to registreringer.',
        'endTime',
      );
    }
    const disagree = stated.find((s) => s.minutes !== span);
    if (disagree) {
      throw new DomainError('invalid', 'Timene stemmer ikke med start- og sluttid.', disagree.field);
    }
    stated.push({ field: 'endTime', minutes: span });
  }
  const first = stated[0];
  if (!first) throw new DomainError('invalid', 'Oppgi antall timer, eller start- og sluttid.', 'hours');
  const other = stated.find((s) => s.minutes !== first.minutes);
  if (other) throw new DomainError('invalid', 'Timer og minutter stemmer ikke overens.', other.field);
  if (first.minutes <= 0) throw new DomainError('invalid', 'Timer må være mer enn 0.', first.field);
  if (first.minutes > MAX_MINUTES_PER_ENTRY) {
    throw new DomainError('rule_violation', 'En timeregistrering kan være på høyst 24 timer.', first.field);
  }
  return { minutes: first.minutes, startTime: start, endTime: end };
}

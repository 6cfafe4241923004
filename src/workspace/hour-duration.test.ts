// Scenario: a worker states a day's work as hours, minutes or clock times, and gets one exact duration.
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { resolveDuration } from './hour-duration.ts';

const fails = (input: Parameters<typeof resolveDuration>[0]) => {
  try {
    resolveDuration(input);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('resolveDuration', () => {
  it('takes hours, minutes or start/end, and keeps the times', () => {
    expect(resolveDuration({ hours: '7.5' })).toEqual({ minutes: 450, startTime: null, endTime: null });
    expect(resolveDuration({ minutes: 95 })).toEqual({ minutes: 95, startTime: null, endTime: null });
    expect(resolveDuration({ startTime: '06:45', endTime: '15:00' })).toEqual({
      minutes: 495,
      startTime: '06:45',
      endTime: '15:00',
    });
    expect(resolveDuration({ hours: '1.5', minutes: 90, startTime: '07:00', endTime: '08:30' }).minutes).toBe(
      90,
    );
  });

  it('refuses disagreement, half a time pair, nothing, zero and more than 24 hours', () => {
    expect(fails({ hours: '1', minutes: 61 })).toEqual({ code: 'invalid', field: 'minutes' });
    expect(fails({ endTime: '08:00' })).toEqual({ code: 'invalid', field: 'startTime' });
    expect(fails({})).toEqual({ code: 'invalid', field: 'hours' });
    expect(fails({ minutes: 0 })).toEqual({ code: 'invalid', field: 'minutes' });
    expect(fails({ minutes: 1441 })).toEqual({ code: 'rule_violation', field: 'minutes' });
    expect(fails({ startTime: '08:00', endTime: '08:00' })).toEqual({ code: 'invalid', field: 'endTime' });
    expect(fails({ startTime: '8:00', endTime: '09:00' })).toEqual({ code: 'invalid', field: 'startTime' });
  });
});

// Scenario: a Norwegian office admin reads and types dates, amounts and hours the way they write them.
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatHours,
  formatMoney,
  formatOrgNumber,
  parseDate,
  parseDecimalInput,
  parsePositiveInteger,
} from './format.ts';

const NNBSP = '\u202f';

describe('Norwegian formats', () => {
  it('shows dates as dd.mm.åååå and times in Norwegian local time', () => {
    expect(formatDate('2026-03-05')).toBe('05.03.2026');
    expect(formatDate(null)).toBe('');
    expect(formatDateTime('2026-07-01T06:05:00Z')).toBe('01.07.2026 kl. 08:05');
  });

  it('shows amounts as kr 1 234,50 from øre and from decimal strings', () => {
    expect(formatMoney(123450)).toBe(`kr 1${NNBSP}234,50`);
    expect(formatMoney('1250.5')).toBe(`kr 1${NNBSP}250,50`);
    expect(formatMoney(5)).toBe('kr 0,05');
    expect(formatMoney(123456789012)).toBe(`kr 1${NNBSP}234${NNBSP}567${NNBSP}890,12`);
    expect(formatMoney(-9900)).toBe('−kr 99,00');
  });

  it('shows hours with a decimal comma and no needless zeros', () => {
    expect(formatHours({ minutes: 450 })).toBe('7,5');
    expect(formatHours({ minutes: 480 })).toBe('8');
    expect(formatHours({ minutes: 20 })).toBe('0,33');
    expect(formatHours('10.25')).toBe('10,25');
    expect(formatHours({ minutes: 60000 })).toBe(`1${NNBSP}000`);
  });

  it('reads dates typed as dd.mm.åååå or sent by a date input, and refuses impossible ones', () => {
    expect(parseDate('5.3.2026')).toBe('2026-03-05');
    expect(parseDate('2026-03-05')).toBe('2026-03-05');
    expect(parseDate('29.02.2025')).toBeUndefined();
    expect(parseDate('31.04.2026')).toBeUndefined();
    expect(parseDate('i går')).toBeUndefined();
  });

  it('reads amounts typed with spaces, comma and kr', () => {
    expect(parseDecimalInput('kr 1 234,50', 2)).toBe('1234.50');
    expect(parseDecimalInput(`1${NNBSP}234,5`, 2)).toBe('1234.5');
    expect(parseDecimalInput('1.234,5', 2)).toBe('1234.5');
    expect(parseDecimalInput('7.5', 2)).toBe('7.5');
    expect(parseDecimalInput('7,555', 2)).toBeUndefined();
    expect(parseDecimalInput('sju', 2)).toBeUndefined();
  });

  it('reads a positive whole number (a 24SO contact id) and nothing else', () => {
    expect(parsePositiveInteger(' 501 ')).toBe(501);
    expect(parsePositiveInteger('0')).toBeUndefined();
    expect(parsePositiveInteger('-3')).toBeUndefined();
    expect(parsePositiveInteger('5.5')).toBeUndefined();
  });

  it('groups an org. number in threes', () => {
    expect(formatOrgNumber('923456783')).toBe('923 456 783');
  });
});

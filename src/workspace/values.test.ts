// Scenario: an office types amounts, hours and org. numbers the Norwegian way and gets exact values back.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  amountForMinutes,
  amountForQuantity,
  dateString,
  formatHours,
  formatMoney,
  formatQuantity,
  isValidOrgNumber,
  moneyInput,
  orgNumberCheckDigit,
  orgNumberInput,
  parseDate,
  parseEmail,
  parseHours,
  parseMoney,
  parseOrgNumber,
  parseQuantity,
  parseTime,
} from './values.ts';

describe('money', () => {
  it('reads dot and Norwegian comma forms into exact øre', () => {
    expect(parseMoney('1250.00')).toEqual({ ok: true, value: 125000 });
    expect(parseMoney('1 250,50')).toEqual({ ok: true, value: 125050 });
    expect(parseMoney('1\u00a0250,5')).toEqual({ ok: true, value: 125050 });
    expect(parseMoney('0.1')).toEqual({ ok: true, value: 10 });
    expect(parseMoney('-12,30')).toEqual({ ok: true, value: -1230 });
    expect(parseMoney('1250')).toEqual({ ok: true, value: 125000 });
  });

  it('refuses more than two decimals, letters and broken thousands groups', () => {
    expect(parseMoney('12.345').ok).toBe(false);
    expect(parseMoney('12kr').ok).toBe(false);
    expect(parseMoney('12 34,00').ok).toBe(false);
    expect(parseMoney('').ok).toBe(false);
    expect(parseMoney('1e3').ok).toBe(false);
  });

  it('prints two decimals without float noise', () => {
    expect(formatMoney(125050)).toBe('1250.50');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(-1230)).toBe('-12.30');
    expect(formatMoney(0)).toBe('0.00');
    const a = parseMoney('0.10');
    const b = parseMoney('0.20');
    if (!a.ok || !b.ok) throw new Error('parse failed');
    expect(formatMoney(a.value + b.value)).toBe('0.30');
  });

  it('zod input accepts "1 250,50" and rejects negatives with a Norwegian message', () => {
    const schema = z.object({ price: moneyInput() });
    expect(schema.safeParse({ price: '1 250,50' }).success).toBe(true);
    const bad = schema.safeParse({ price: '-5' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Beløpet kan ikke være negativt.');
    expect(schema.safeParse({ price: 1250 }).success).toBe(false);
  });
});

describe('quantities and hours', () => {
  it('quantities round-trip as hundredths', () => {
    expect(parseQuantity('12,5')).toEqual({ ok: true, value: 1250 });
    expect(formatQuantity(1250)).toBe('12.5');
    expect(formatQuantity(300)).toBe('3');
    expect(formatQuantity(1)).toBe('0.01');
    expect(parseQuantity('1.005').ok).toBe(false);
  });

  it('hours become whole minutes and refuse finer precision', () => {
    expect(parseHours('7.5')).toEqual({ ok: true, value: 450 });
    expect(parseHours('7,25')).toEqual({ ok: true, value: 435 });
    expect(parseHours('0.1')).toEqual({ ok: true, value: 6 });
    expect(parseHours('8')).toEqual({ ok: true, value: 480 });
    expect(parseHours('0.01').ok).toBe(false);
    expect(parseHours('1.3333').ok).toBe(false);
    expect(parseHours('1.00001').ok).toBe(false);
  });

  it('minutes print as exact hours where possible, else rounded to two decimals', () => {
    expect(formatHours(450)).toBe('7.5');
    expect(formatHours(15)).toBe('0.25');
    expect(formatHours(480)).toBe('8');
    expect(formatHours(20)).toBe('0.33');
    expect(formatHours(40)).toBe('0.67');
  });

  it('amounts are rounded to whole øre on integers', () => {
    expect(amountForQuantity(1250, 500)).toBe(6250);
    expect(amountForQuantity(333, 1)).toBe(3);
    expect(amountForQuantity(50, 1)).toBe(1); // 0.5 øre rounds half up
    expect(amountForMinutes(450, 95000)).toBe(712500);
    expect(amountForMinutes(20, 100)).toBe(33);
  });
});

describe('org. numbers', () => {
  it('accepts the agreed demo numbers and spaces on input', () => {
    for (const n of ['923456783', '934567897', '987654325', '812345672', '876543214', '998877660']) {
      expect(isValidOrgNumber(n)).toBe(true);
    }
    expect(parseOrgNumber('923 456 783')).toEqual({ ok: true, value: '923456783' });
  });

  it('rejects a wrong check digit and wrong length with Norwegian messages', () => {
    expect(parseOrgNumber('923456784')).toEqual({
      ok: false,
      message: 'Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).',
    });
    expect(parseOrgNumber('92345678')).toEqual({
      ok: false,
      message: 'Organisasjonsnummeret må ha 9 siffer.',
    });
    expect(orgNumberInput().safeParse('923456784').success).toBe(false);
  });

  it('gives no check digit when the remainder is 1', () => {
    // 3*1+2*0+7*0+6*0+5*0+4*0+3*0+2*4 = 11 → remainder 0 → check 0
    expect(orgNumberCheckDigit('10000004')).toBe(0);
    // 3*1+2*0+… +2*0 = 3, 3+… choose digits summing to remainder 1: 3*4 = 12 → 12 % 11 = 1
    expect(orgNumberCheckDigit('40000000')).toBeUndefined();
  });
});

describe('e-mail, dates and times', () => {
  it('normalises e-mail and rejects obvious garbage', () => {
    expect(parseEmail(' Ola.Nordmann@DemoMaskin.no ')).toEqual({
      ok: true,
      value: 'ola.nordmann@demomaskin.no',
    });
    expect(parseEmail('ola@').ok).toBe(false);
    expect(parseEmail('ola nordmann@firma.no').ok).toBe(false);
    expect(parseEmail('ola@firma').ok).toBe(false);
  });

  it('dates must exist in the calendar', () => {
    expect(parseDate('2024-02-29').ok).toBe(true);
    expect(parseDate('2025-02-29')).toEqual({ ok: false, message: 'Datoen finnes ikke i kalenderen.' });
    expect(parseDate('2025-04-31').ok).toBe(false);
    expect(parseDate('14.03.2025').ok).toBe(false);
    expect(dateString().safeParse('2025-13-01').success).toBe(false);
    // The Gregorian century rule, and the years an hour may carry.
    expect(['1900-02-29', '2000-02-29', '2100-02-29', '2400-02-29'].map((d) => parseDate(d).ok)).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(['1899-12-31', '1900-01-01', '2999-12-31', '3000-01-01'].map((d) => parseDate(d).ok)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(['2025-00-10', '2025-06-00', '2025-12-31', '2025-11-31'].map((d) => parseDate(d).ok)).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });

  it('times are HH:MM on a 24-hour clock', () => {
    expect(parseTime('07:30')).toEqual({ ok: true, value: 450 });
    expect(parseTime('23:59')).toEqual({ ok: true, value: 1439 });
    expect(parseTime('24:00').ok).toBe(false);
    expect(parseTime('7:30').ok).toBe(false);
  });
});

describe('schemas stay JSON-schema representable', () => {
  it('z.toJSONSchema works on inputs built from these helpers', () => {
    const schema = z.object({ price: moneyInput(), date: dateString(), org: orgNumberInput().nullable() });
    const json = z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, { type?: string }> };
    expect(json.properties.price?.type).toBe('string');
    expect(json.properties.date?.type).toBe('string');
  });
});

// Exact decimal arithmetic for order totals and hours: values are decimal strings on the wire
// and in the state, computed here as BigInt with six decimals, never as binary floats.

const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

/** Parses "129.00", "-7.5", "20" into a scaled BigInt. */
export function toScaled(text: string | undefined): bigint {
  if (text === undefined || text === '') return 0n;
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new Error(`Not a decimal: ${text}`);
  const [, sign, whole, frac = ''] = m;
  const digits = BigInt((whole || '0') + frac.slice(0, SCALE).padEnd(SCALE, '0'));
  return sign === '-' ? -digits : digits;
}

/** a × b, both scaled. */
export function mul(a: bigint, b: bigint): bigint {
  return (a * b) / ONE;
}

/** Formats a scaled value with `places` decimals, rounding half away from zero. */
export function format(value: bigint, places = 2): string {
  const factor = 10n ** BigInt(SCALE - places);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = (abs + factor / 2n) / factor;
  const text = rounded.toString().padStart(places + 1, '0');
  const body = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative && rounded !== 0n ? `-${body}` : body;
}

/** Drops trailing zeros: "7.50" → "7.5", "8.00" → "8". */
export function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Scaled value from a whole number. */
export function fromInt(n: number): bigint {
  return BigInt(n) * ONE;
}

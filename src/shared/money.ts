/**
 * Money is integer minor units with a currency (domain.md): these convert
 * the vendors' decimal amounts, using each currency's ISO 4217 exponent.
 */
const EXPONENTS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** A decimal amount ("12.50", 12.5) in minor units (1250); null when it is not a number. */
export function toMinorUnits(amount: unknown, currency: string): number | null {
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : Number.NaN;
  return Number.isFinite(value) ? Math.round(value * 10 ** currencyExponent(currency)) : null;
}

/** Minor units as the decimal string vendors take ("12.50"). */
export function fromMinorUnits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return (minor / 10 ** exponent).toFixed(exponent);
}

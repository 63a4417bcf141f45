/** Kubernetes resource quantities (resource.Quantity), parsed exactly with BigInt so rounding matches the apiserver. */

/** ExactQuantity is `num / 10^scale`, an exact decimal (binary suffixes are folded into num). */
export interface ExactQuantity {
  num: bigint;
  scale: number;
}

// <signedNumber><suffix>: number is digits, digits.digits, digits. or .digits (resource.ParseQuantity grammar).
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|n|u|m|k|M|G|T|P|E)?$/;
const DECIMAL_SI: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const MAX_EXPONENT = 400;
const BINARY_SI: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

// The same few quantity strings recur for every template x cluster pair; parsing is the costly part.
const parsed = new Map<string | number, ExactQuantity>();
const PARSED_LIMIT = 10_000;

/** parseExactQuantity parses a quantity without losing precision; throws on anything the apiserver would reject. */
export function parseExactQuantity(q: string | number): ExactQuantity {
  const hit = parsed.get(q);
  if (hit) return hit;
  const value = parseUncached(q);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(q, value);
  return value;
}

function parseUncached(q: string | number): ExactQuantity {
  const text = typeof q === 'number' ? numberText(q) : q;
  const m = QUANTITY.exec(text);
  if (!m) throw new Error(`invalid quantity ${JSON.stringify(q)}`);
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', frac = ''] = number.split('.');
  let num = BigInt(`${whole}${frac}` || '0');
  let exp10 = -frac.length;
  const binary = BINARY_SI[suffix];
  if (binary !== undefined) num *= 1n << BigInt(binary);
  else if (suffix.length > 1) exp10 += Number(suffix.slice(1)); // e/E exponent; a lone "E" is exa
  else if (suffix !== '') exp10 += DECIMAL_SI[suffix] ?? 0;
  if (sign === '-') num = -num;
  // far beyond int64, which the apiserver caps anyway; refuse rather than build enormous BigInts
  if (Math.abs(exp10) > MAX_EXPONENT) throw new Error(`quantity ${JSON.stringify(q)} is out of range`);
  return exp10 >= 0 ? { num: num * 10n ** BigInt(exp10), scale: 0 } : { num, scale: -exp10 };
}

/** numberText renders a JSON number as quantity text; non-finite numbers are garbage. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`invalid quantity ${String(n)}`);
  return String(n);
}

/** parseQuantity returns the value of a quantity ("100m", "2Gi", "1e3", 4) as the nearest number; throws on garbage. */
export function parseQuantity(q: string | number): number {
  const { num, scale } = parseExactQuantity(q);
  return Number(`${num}e-${scale}`);
}

/** scaledAwayFromZero is ceil for positives and floor for negatives of `q × 10^digits`, as Quantity.ScaledValue rounds. */
function scaledAwayFromZero(q: ExactQuantity, digits: number): number {
  const shift = digits - q.scale;
  if (shift >= 0) return Number(q.num * 10n ** BigInt(shift));
  const div = 10n ** BigInt(-shift);
  const quotient = q.num / div; // BigInt division truncates toward zero
  if (q.num % div === 0n) return Number(quotient);
  return Number(q.num > 0n ? quotient + 1n : quotient - 1n);
}

/** toMilli is Quantity.MilliValue: thousandths, rounded up (away from zero). */
export function toMilli(q: string | number): number {
  return scaledAwayFromZero(parseExactQuantity(q), 3);
}

/** toUnits is Quantity.Value: whole units, rounded up (away from zero). */
export function toUnits(q: string | number): number {
  return scaledAwayFromZero(parseExactQuantity(q), 0);
}

/** toResourceAmount uses millicores for cpu and whole units for everything else, as Karmada's Resource does. */
export function toResourceAmount(name: string, q: string | number): number {
  return name === 'cpu' ? toMilli(q) : toUnits(q);
}

/** remainingAmount is `total − each of minus`, subtracted exactly, then rounded like toResourceAmount. */
export function remainingAmount(name: string, total: string | number, minus: readonly (string | number | undefined)[]): number {
  let rest = parseExactQuantity(total);
  for (const m of minus) if (m !== undefined) rest = subtract(rest, parseExactQuantity(m));
  return scaledAwayFromZero(rest, name === 'cpu' ? 3 : 0);
}

function subtract(a: ExactQuantity, b: ExactQuantity): ExactQuantity {
  const scale = Math.max(a.scale, b.scale);
  const align = (x: ExactQuantity): bigint => x.num * 10n ** BigInt(scale - x.scale);
  return { num: align(a) - align(b), scale };
}

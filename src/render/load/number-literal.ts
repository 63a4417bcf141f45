/**
 * A YAML or JSON number is parsed into a float64, which rounds: `2147483647.0000001` parses to the whole number
 * 2147483647 and `9007199254740993` to 9007199254740992. Only the source text tells what was written.
 */

const DECIMAL = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/**
 * denotesWholeNumber says whether a number literal's exact decimal value is a whole number (`5`, `5.0`, `1e3`,
 * `0x1f`), as opposed to a fraction that rounding made whole (`2147483647.0000001`, `1.00000000000000001`).
 */
export function denotesWholeNumber(text: string): boolean {
  const m = DECIMAL.exec(text);
  // hexadecimal and octal literals have no fraction; .inf and .nan never parse to a whole number
  if (!m) return true;
  const [, whole = '', fraction = '', exponent = '0'] = m;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return true;
  // the value is digits × 10^shift: whole when the digits end in at least -shift zeros
  const shift = Number(exponent) - fraction.length;
  if (shift >= 0) return true;
  return digits.length - digits.replace(/0+$/, '').length >= -shift;
}

/** isIntegerLiteral says whether the text is written as a plain decimal integer, so it can be shown as written. */
export function isIntegerLiteral(text: string): boolean {
  return /^[-+]?\d+$/.test(text);
}

/** Severity of a diagnostic; any error makes a render fail. */
export type Severity = 'error' | 'warning';

/** Diagnostic is a problem found in the repository, with its place. */
export interface Diagnostic {
  severity: Severity;
  file: string;
  line: number;
  /** dotted path of the offending field, when one is known */
  field?: string;
  message: string;
}

/** formatDiagnostic renders `file:line: message` as printed on stderr. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.field ? `${d.field}: ` : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}: ${sev}${where}${d.message}`;
}

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
  /** a machine-readable kind, for diagnostics other stages act on (the commit status names overcommitted clusters) */
  code?: 'Overcommitted';
  /** the member cluster the diagnostic is about, when it is about one */
  cluster?: string;
}

/** formatDiagnostic renders `file:line: message` as printed on stderr. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.field ? `${d.field}: ` : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  // line 0: about the repository as a whole, not a line of a file
  return `${d.line > 0 ? `${d.file}:${d.line}` : d.file}: ${sev}${where}${d.message}`;
}

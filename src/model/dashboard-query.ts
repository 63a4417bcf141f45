/** DashboardQuery selects one page of the dashboard's matrix; limits are clamped to the page maximum. */
export interface DashboardQuery {
  rowOffset: number;
  rowLimit: number;
  clusterOffset: number;
  clusterLimit: number;
  /** substring of a resource's subject */
  resource?: string;
  /** substring of a member's name */
  cluster?: string;
  /** only the rows with a drifted cell, only the members not Ready */
  only?: 'drifted' | 'not-ready';
}

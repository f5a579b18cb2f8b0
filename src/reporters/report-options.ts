import type { AuditFacts, Rule } from '../types/index.js';

export interface ReportOptions {
  /** Print raw secrets. Off unless the user passed `--reveal`; every format honours it. */
  reveal: boolean;
  /** Decided by the caller (TTY, NO_COLOR, FORCE_COLOR): reporters never look at the process. */
  color: boolean;
  toolVersion: string;
  /** Rule metadata for SARIF's rule descriptors; findings carry enough to fall back on. */
  rules?: Rule[];
  /** Project home page for SARIF's `tool.driver.informationUri`; left out when not given. */
  informationUri?: string;
  /** HTML only: git facts and the migrate preview, gathered by src/audit; the page renders without them. */
  audit?: AuditFacts;
}

/** The JSON report, exactly docs/json-report.md (notices are not part of the contract). */
import type { Report } from '@preflight/core';

export function formatJson(report: Report): string {
  const { notices: _notices, ...contract } = report;
  return `${JSON.stringify(contract, null, 2)}\n`;
}

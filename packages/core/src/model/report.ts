/** The result of one `check`, exactly the JSON contract of docs/json-report.md. */
import type { Finding } from './finding.js';

export interface EntryPoint {
  /** The command that starts it: `uvicorn main:app`. */
  name: string;
  /** The module it imports first. */
  module: string;
  /** Where it was found: `Procfile:1`. */
  source: string;
  /** The service's own name where the file gives one (supervisor program, Procfile process, compose service). */
  service?: string;
}

export interface Summary {
  files: number;
  modules: number;
  imports: number;
  findings: number;
  errors: number;
  warnings: number;
  durationMs: number;
  roots?: string[];
  python?: { version: string; platform: string; environment?: string };
  /** Dependency files read (relative to the root); empty when the project declares none. */
  dependencyFiles?: string[];
  /** Third-party imports of declared packages that could not be checked (no environment found). */
  unchecked?: { imports: number; packages: number };
  entrypoints?: EntryPoint[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'preflight'; version: string };
  root: string;
  summary: Summary;
  findings: Finding[];
  /**
   * Things the user should know that are not findings about code (a symlink not followed, a file that
   * could not be placed under a source root). Printed by the text reporter; not part of the JSON contract.
   */
  notices: string[];
}

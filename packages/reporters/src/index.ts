/** The output formats: each a pure function of the report. */
export { formatJson } from './json.js';
export { formatStatistics, formatText, type TextOptions } from './text.js';
export { visible } from '@preflight/core';
export { formatGithub, formatGithubSummary, escapeData, escapeProperty } from './github.js';
export { formatGitlab, repositoryPath, type MachineOptions } from './gitlab.js';
export { formatSarif, type RuleMetadata, type SarifOptions } from './sarif.js';

export { formatGraph, GRAPH_FORMATS, type GraphFormat } from './graph-formats.js';

export const FORMATS = ['text', 'json', 'github', 'sarif', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

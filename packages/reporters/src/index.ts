/** The output formats: each a pure function of the report. */
export { formatJson } from './json.js';
export { formatText, visible, type TextOptions } from './text.js';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

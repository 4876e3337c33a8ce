export * from './model/location.js';
export * from './model/module-facts.js';
export * from './model/finding.js';
export * from './model/fingerprint.js';
export * from './model/report.js';
export * from './scan/discover-files.js';
export * from './scan/read-source.js';
export * from './graph/module-graph.js';

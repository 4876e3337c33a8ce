/** preflight's version: its own module, so `preflight --version` loads nothing else. */
export const VERSION = '0.1.0';

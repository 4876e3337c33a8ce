/** The interactive explorer (`preflight explore`), loaded only by that command. */
export { App, type AppProps } from './App.js';
export { Explorer, type ExplorerProps } from './Explorer.js';
export { explorerData, type ExplorerData } from './explorer-data.js';
export { KEY_BINDINGS } from './key-bindings.js';

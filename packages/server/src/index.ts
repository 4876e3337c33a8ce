export { startServer, type ServerSetup } from './server.js';

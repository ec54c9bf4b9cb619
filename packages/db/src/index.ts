export * from './schema/index.js';
export * from './create-database.js';

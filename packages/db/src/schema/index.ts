export * from './tenancy.js';
export * from './bots.js';

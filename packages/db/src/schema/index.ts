export * from './tenancy.js';
export * from './bots.js';
export * from './chat.js';
export * from './releases.js';
export * from './assistant.js';

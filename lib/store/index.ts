export * from './events-query';
export * from './store';
export { SCHEMA_VERSION } from './migrations';

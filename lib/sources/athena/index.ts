export * from './ddl';
export * from './import';
export * from './queries';
export * from './rows';
export * from './run';
export * from './sql';

export * from './arn';
export * from './event';
export * from './result';
export * from './snapshot';
export * from './merge';
export * from './session-duration';
export * from './aws-created-role';

export * from './users';
export * from './prompts';
export * from './audit';
export * from './experiments';
export * from './executions';
export * from './models';
export * from './datasets';
export * from './evals';

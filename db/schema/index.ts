export * from './users';
export * from './prompts';
export * from './audit';

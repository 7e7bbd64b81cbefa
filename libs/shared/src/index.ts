export * from './roles';
export * from './domain';

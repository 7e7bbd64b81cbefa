export * from './roles';
export * from './domain';
export * from './audit';
export * from './problem-codes';
export * from './clinic-time';

import { InitialSchema1795635088082 } from './1795635088082-initial-schema';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1795635088082];

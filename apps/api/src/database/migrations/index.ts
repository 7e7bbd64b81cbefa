import { InitialSchema1795635088082 } from './1795635088082-initial-schema';
import { Outbox1795636305575 } from './1795636305575-outbox';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1795635088082, Outbox1795636305575];

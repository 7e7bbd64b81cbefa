import { spawnSync } from 'node:child_process';

/** A redis-server binary this machine can start for a throwaway Redis. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/**
 * `describe` when the suite's prerequisite is there; otherwise a suite whose
 * one test is skipped under the name "skipped: <reason>", so the skip shows in
 * every run's output instead of disappearing.
 */
export function describeWhen(available: boolean, reason: string): (name: string, fn: () => void) => void {
  if (available) return (name, fn) => describe(name, fn);
  return (name) =>
    describe(name, () => {
      it.skip(`skipped: ${reason}`, () => undefined);
    });
}

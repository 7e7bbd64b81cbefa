import type { EntityManager } from 'typeorm';

type Reads<T extends readonly unknown[]> = { readonly [K in keyof T]: () => Promise<T[K]> };

/**
 * Runs independent reads: at once when `em` draws each statement from the
 * pool, one after another when `em` is bound to one connection (a
 * transaction's or a query runner's). One connection runs one statement at a
 * time: pg queues overlapping calls and deprecates doing so (pg 9 refuses it).
 */
export async function readAll<T extends readonly unknown[]>(em: EntityManager, reads: Reads<T>): Promise<T> {
  if (!em.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

/**
 * This process's tier of ready-to-send response bodies, in front of the
 * shared cache. An entry is the exact bytes of one answer (route, page,
 * query, and the user when the data is theirs) and names the cache
 * namespaces it was built from; invalidating any of them drops it.
 *
 * A body built while one of its namespaces was invalidated is never stored:
 * `begin` notes each namespace's local epoch before the build, `store` keeps
 * the body only when none of them moved since. Every invalidation this
 * process learns of (its own, or another process's through the cache bus)
 * moves the epoch of the namespace before the writer is told it is done, so
 * a build that read the database before a write commits cannot leave its
 * body behind after the write is acknowledged.
 *
 * The tier serves only while it is `enabled`: in a multi-process deployment
 * that means "subscribed to invalidations"; losing the subscription clears
 * every entry and stops storing until it is back. Each entry also lives at
 * most its TTL (a backstop against a message that never arrived); one read
 * steadily is rebuilt shortly before that (takeRefresh).
 */

/** A build in progress: the epochs of its namespaces when it started. */
export interface TierTicket {
  readonly key: string;
  readonly namespaces: string[];
  readonly epochs: number[];
  readonly generation: number;
}

interface TierEntry {
  body: Buffer;
  expiresAt: number;
  /** From when a read should have the body rebuilt (see takeRefresh); Infinity once one was asked for. */
  refreshAt: number;
  namespaces: readonly string[];
}

/**
 * The last part of an entry's life in which a read asks for it to be rebuilt
 * in the background (the read is still answered from the entry): a body that
 * is read steadily is replaced before it expires, so its readers never wait
 * for a build.
 */
export const REFRESH_AHEAD_FRACTION = 0.25;

/**
 * Most entries one process keeps (pages × queries × users, and the slot-rule
 * inputs of doctors × dates), and most bytes of bodies: the oldest go first
 * when either is reached. Small entries are many (a doctor's inputs of one
 * date are a few hundred bytes), large ones few (a page of 100 doctors is
 * tens of KB).
 */
export const RESPONSE_TIER_MAX_ENTRIES = 20_000;
export const RESPONSE_TIER_MAX_BYTES = 64 * 1024 * 1024;

export class ResponseTier {
  private readonly entries = new Map<string, TierEntry>();
  /** Keys of the entries built from each namespace. */
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly epochs = new Map<string, number>();
  /** Bytes of the bodies held. */
  private bytes = 0;
  /** Moves on every clear, so a build that straddles one stores nothing. */
  private generation = 0;
  private active: boolean;

  constructor(
    enabled = true,
    private readonly maxEntries = RESPONSE_TIER_MAX_ENTRIES,
    private readonly clock: () => number = () => Date.now(),
    private readonly maxBytes = RESPONSE_TIER_MAX_BYTES,
  ) {
    this.active = enabled;
  }

  get enabled(): boolean {
    return this.active;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the bodies held. */
  get byteSize(): number {
    return this.bytes;
  }

  /** The body stored under `key`, while it is fresh and the tier serves. */
  get(key: string): Buffer | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.remove(key, entry);
      return undefined;
    }
    return entry.body;
  }

  /**
   * True once per stored body, for the first read in the last
   * REFRESH_AHEAD_FRACTION of its life: the caller then rebuilds it while
   * the body keeps being served.
   */
  takeRefresh(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry || entry.refreshAt > this.clock()) return false;
    entry.refreshAt = Number.POSITIVE_INFINITY;
    return true;
  }

  /** Notes where a build of `key` from `namespaces` starts. */
  begin(key: string, namespaces: readonly string[]): TierTicket {
    return {
      key,
      namespaces: [...namespaces],
      epochs: namespaces.map((n) => this.epochs.get(n) ?? 0),
      generation: this.generation,
    };
  }

  /**
   * Adds namespaces a build learns it depends on midway (e.g. the doctors of
   * a page), noted now: call it before reading their cached values.
   */
  watch(ticket: TierTicket, namespaces: readonly string[]): void {
    for (const n of namespaces) {
      ticket.namespaces.push(n);
      ticket.epochs.push(this.epochs.get(n) ?? 0);
    }
  }

  /** True while none of the build's namespaces was invalidated (nor the tier cleared) since `begin`. */
  isCurrent(ticket: TierTicket): boolean {
    if (!this.active || ticket.generation !== this.generation) return false;
    return ticket.namespaces.every((n, i) => (this.epochs.get(n) ?? 0) === ticket.epochs[i]);
  }

  /** Keeps the built body unless one of its namespaces was invalidated (or the tier cleared) since `begin`. */
  store(ticket: TierTicket, body: Buffer, expiresAt: number): boolean {
    if (!this.isCurrent(ticket)) return false;
    if (expiresAt <= this.clock()) return false;
    const old = this.entries.get(ticket.key);
    if (old) this.remove(ticket.key, old);
    if (body.length > this.maxBytes) return false;
    while (this.entries.size >= this.maxEntries || this.bytes + body.length > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest, this.entries.get(oldest) as TierEntry);
    }
    const now = this.clock();
    const refreshAt = expiresAt - (expiresAt - now) * REFRESH_AHEAD_FRACTION;
    this.entries.set(ticket.key, { body, expiresAt, refreshAt, namespaces: ticket.namespaces });
    this.bytes += body.length;
    for (const n of ticket.namespaces) {
      let keys = this.byNamespace.get(n);
      if (!keys) this.byNamespace.set(n, (keys = new Set()));
      keys.add(ticket.key);
    }
    return true;
  }

  /** Drops every body built from these namespaces and voids builds of them in progress. */
  invalidate(namespaces: readonly string[]): void {
    for (const n of namespaces) {
      this.epochs.set(n, (this.epochs.get(n) ?? 0) + 1);
      const keys = this.byNamespace.get(n);
      if (!keys) continue;
      for (const key of [...keys]) {
        const entry = this.entries.get(key);
        if (entry) this.remove(key, entry);
      }
      this.byNamespace.delete(n);
    }
    // Epochs of namespaces nobody builds from any more need not be kept forever.
    if (this.epochs.size > this.maxEntries * 8) {
      this.epochs.clear();
      this.generation += 1;
    }
  }

  /** Drops everything and voids every build in progress. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.byNamespace.clear();
    this.epochs.clear();
    this.generation += 1;
  }

  /** Starts or stops serving; both clear, so nothing stored across the change is ever served. */
  setEnabled(enabled: boolean): void {
    if (enabled === this.active) return;
    this.clear();
    this.active = enabled;
  }

  private remove(key: string, entry: TierEntry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.length;
    for (const n of entry.namespaces) {
      const keys = this.byNamespace.get(n);
      keys?.delete(key);
      if (keys && keys.size === 0) this.byNamespace.delete(n);
    }
  }
}

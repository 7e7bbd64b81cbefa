import { DestroyRef, inject, signal } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
import { problemMessage, toProblem } from './problem';

/**
 * Loading state of one read, as signals: value, loading, error message.
 * Create it in an injection context (a field initializer); it unsubscribes with its owner.
 */
export class Loader<T> {
  readonly value = signal<T | undefined>(undefined);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  private sub: Subscription | null = null;

  constructor(private readonly source: () => Observable<T>) {
    inject(DestroyRef).onDestroy(() => this.sub?.unsubscribe());
  }

  load(): void {
    this.sub?.unsubscribe();
    this.loading.set(true);
    this.error.set(null);
    this.sub = this.source().subscribe({
      next: (value) => {
        this.value.set(value);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(problemMessage(toProblem(error)));
        this.loading.set(false);
      },
    });
  }
}

/** A Loader that starts loading at once unless told otherwise. */
export function loader<T>(source: () => Observable<T>, immediate = true): Loader<T> {
  const l = new Loader(source);
  if (immediate) l.load();
  return l;
}

import { Injectable, signal } from '@angular/core';

export type ToastKind = 'success' | 'danger' | 'info' | 'warning';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  delay: number;
}

/** Short-lived messages shown in the corner (ng-bootstrap toasts). */
@Injectable({ providedIn: 'root' })
export class ToastService {
  private nextId = 1;
  private readonly list = signal<Toast[]>([]);
  readonly toasts = this.list.asReadonly();

  show(text: string, kind: ToastKind = 'info', delay = 5000): void {
    const toast: Toast = { id: this.nextId++, kind, text, delay };
    this.list.update((items) => [...items.filter((t) => t.text !== text), toast].slice(-4));
  }

  success(text: string): void {
    this.show(text, 'success');
  }

  error(text: string): void {
    this.show(text, 'danger', 8000);
  }

  dismiss(id: number): void {
    this.list.update((items) => items.filter((t) => t.id !== id));
  }
}

import { signal } from '@angular/core';
import { AbstractControl, FormGroup } from '@angular/forms';
import type { ProblemDetails } from '@hms/shared';
import { problemMessage, toProblem } from '../http/problem';

const CLIENT_MESSAGES: Record<string, (label: string, args: Record<string, unknown>) => string> = {
  required: (label) => `${label} is required.`,
  email: () => 'Enter a valid email address.',
  minlength: (label, args) => `${label} needs at least ${String(args['requiredLength'])} characters.`,
  maxlength: (label, args) => `${label} takes at most ${String(args['requiredLength'])} characters.`,
  min: (label, args) => `${label} must be at least ${String(args['min'])}.`,
  max: (label, args) => `${label} must be at most ${String(args['max'])}.`,
  pattern: (label) => `${label} has the wrong format.`,
};

/**
 * Client and server validation state of one form, as signals, so OnPush
 * templates show server-side field errors (problem+json `errors[]`) next to
 * their field and everything else as one message above the form.
 */
export class FormState<G extends FormGroup = FormGroup> {
  readonly submitted = signal(false);
  readonly busy = signal(false);
  readonly serverFields = signal<Record<string, string>>({});
  readonly formError = signal<string | null>(null);

  constructor(readonly form: G) {
    for (const [name, control] of Object.entries(form.controls)) {
      control.valueChanges.subscribe(() => this.clearField(name));
    }
  }

  /** Marks the form submitted; returns false (and focuses nothing) when it is invalid on the client. */
  begin(): boolean {
    this.submitted.set(true);
    this.formError.set(null);
    this.form.markAllAsTouched();
    if (this.form.invalid) return false;
    this.busy.set(true);
    return true;
  }

  done(): void {
    this.busy.set(false);
  }

  /** Spreads a failed call's problem over the fields it names; the rest becomes the form's message. */
  fail(error: unknown): ProblemDetails {
    this.busy.set(false);
    const problem = toProblem(error);
    const fields: Record<string, string> = {};
    const loose: string[] = [];
    for (const item of problem.errors ?? []) {
      const name = item.field.split('.')[0] ?? item.field;
      if (name in this.form.controls && !fields[name]) fields[name] = item.message;
      else loose.push(item.message);
    }
    this.serverFields.set(fields);
    const unmatched = loose.length ? loose.join(' ') : null;
    const hasFieldErrors = Object.keys(fields).length > 0;
    this.formError.set(unmatched ?? (hasFieldErrors ? null : problemMessage(problem)));
    return problem;
  }

  invalid(name: string): boolean {
    if (this.serverFields()[name]) return true;
    const control = this.form.get(name);
    return !!control && control.invalid && (control.touched || this.submitted());
  }

  message(name: string, label: string): string | null {
    const server = this.serverFields()[name];
    if (server) return server;
    const control: AbstractControl | null = this.form.get(name);
    if (!control || !control.errors || !(control.touched || this.submitted())) return null;
    const [key, args] = Object.entries(control.errors)[0] ?? [];
    if (!key) return null;
    const render = CLIENT_MESSAGES[key];
    if (render) return render(label, (args ?? {}) as Record<string, unknown>);
    return typeof args === 'string' ? args : `${label} is not valid.`;
  }

  reset(value?: Parameters<G['reset']>[0]): void {
    this.form.reset(value);
    this.submitted.set(false);
    this.serverFields.set({});
    this.formError.set(null);
  }

  private clearField(name: string): void {
    if (!this.serverFields()[name]) return;
    const rest = { ...this.serverFields() };
    delete rest[name];
    this.serverFields.set(rest);
  }
}

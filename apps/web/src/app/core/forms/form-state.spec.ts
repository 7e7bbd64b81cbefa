import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { FormState } from './form-state';

function makeState() {
  return new FormState(
    new FormGroup({
      email: new FormControl('a@b.co', { nonNullable: true, validators: [Validators.required, Validators.email] }),
      password: new FormControl('longenough', { nonNullable: true, validators: [Validators.minLength(8)] }),
    }),
  );
}

function problem(status: number, body: object) {
  return new HttpErrorResponse({ status, error: { type: 'about:blank', title: 'Bad Request', status, ...body } });
}

describe('FormState', () => {
  it('puts each server field error next to its field and the rest above the form', () => {
    const state = makeState();
    expect(state.begin()).toBe(true);
    state.fail(
      problem(400, {
        errors: [
          { field: 'email', message: 'email must be an email' },
          { field: 'password', message: 'password is too short' },
          { field: 'nickname', message: 'property nickname should not exist' },
        ],
      }),
    );
    expect(state.busy()).toBe(false);
    expect(state.invalid('email')).toBe(true);
    expect(state.message('email', 'Email')).toBe('email must be an email');
    expect(state.message('password', 'Password')).toBe('password is too short');
    expect(state.formError()).toBe('property nickname should not exist');
  });

  it('shows the problem detail above the form when no field is named', () => {
    const state = makeState();
    state.begin();
    state.fail(problem(409, { detail: 'Email already registered' }));
    expect(state.formError()).toBe('Email already registered');
  });

  it('clears a server error as soon as the user edits that field', () => {
    const state = makeState();
    state.begin();
    state.fail(problem(400, { errors: [{ field: 'email', message: 'taken' }] }));
    state.form.controls.email.setValue('other@b.co');
    expect(state.message('email', 'Email')).toBeNull();
    expect(state.invalid('email')).toBe(false);
  });

  it('refuses to start and explains client-side errors after a submit', () => {
    const state = makeState();
    state.form.controls.password.setValue('short');
    expect(state.message('password', 'Password')).toBeNull();
    expect(state.begin()).toBe(false);
    expect(state.busy()).toBe(false);
    expect(state.message('password', 'Password')).toBe('Password needs at least 8 characters.');
  });
});

import { InvalidInputError } from '../common/errors/domain-errors';
import { assertPasswordAllowed, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('granite-otter-meadow-41', 'ana@example.com')).toBeNull();
  });

  it.each(['password', 'password1', 'Password123', 'qwertyuiop', 'iloveyou', '12345678', 'P@ssw0rd', 'letmein!'])(
    'refuses the common password %s',
    (password) => {
      expect(passwordProblem(password, 'ana@example.com')).toMatch(/commonly used/);
    },
  );

  it('refuses short passwords and passwords containing the email local part, whatever the case', () => {
    expect(passwordProblem('x7#kQ2', 'ana@example.com')).toMatch(/at least 8/);
    expect(passwordProblem('My-Marianne.K-2026', 'marianne.k@example.com')).toMatch(/email/);
  });

  it('throws a 400 naming the field', () => {
    let error: unknown;
    try {
      assertPasswordAllowed('password1', 'ana@example.com', 'newPassword');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).errors).toEqual([
      { field: 'newPassword', message: expect.stringContaining('newPassword') },
    ]);
  });
});

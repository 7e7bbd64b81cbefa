import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { InvalidInputError } from '../common/errors/domain-errors';

/** zxcvbn's score below which a password counts as common (0: top guesses, 1: under a million guesses). */
export const MIN_PASSWORD_SCORE = 2;
export const PASSWORD_MAX_LENGTH = 128;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: the common-password list takes a moment to load. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { passwords: dictionary['passwords-common'] },
    graphs: adjacencyGraphs,
  });
  return estimator;
}

/**
 * The one password rule of the product, for register, change, reset and
 * admin-set passwords: at least PASSWORD_MIN_LENGTH characters, not a commonly
 * used password or a small variation of one (zxcvbn's common-password list,
 * keyboard walks, sequences, repeats), and not containing the local part of
 * the account's email. Returns the problem, or null when the password is fine.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    return 'must not contain your email address';
  }
  const result = zxcvbn().check(password.slice(0, 100), localPart ? [localPart] : []);
  if (result.score < MIN_PASSWORD_SCORE) return 'is a commonly used password; choose a less common one';
  return null;
}

/** Throws a 400 naming `field` when the password breaks the rule. */
export function assertPasswordAllowed(password: string, email: string, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new InvalidInputError('password_rejected', `${field} ${problem}`, [
      { field, message: `${field} ${problem}` },
    ]);
  }
}

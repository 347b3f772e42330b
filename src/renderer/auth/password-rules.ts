// Checks a new password before it goes to the server (which checks the same rules). Pure.

import { LOGIN_PATTERN, MIN_PASSWORD_LENGTH } from '../../shared/auth';

export type PasswordProblem = 'tooShort' | 'mismatch' | null;

export function passwordProblem(password: string, again: string): PasswordProblem {
  if (password.length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (password !== again) return 'mismatch';
  return null;
}

export function loginValid(login: string): boolean {
  return LOGIN_PATTERN.test(login.trim());
}

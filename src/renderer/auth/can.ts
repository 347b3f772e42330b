// What the signed-in person may do, from the same permission table the server enforces
// (METHOD_RULES in src/shared/auth.ts). A button the person may not use is disabled and says which
// role it needs.

import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiMethod } from '../../shared/api';
import { allowedFor, SIGNATURE_ROLES, type Permission, type Role, type SignOffStep } from '../../shared/auth';
import { useRoles } from './session';

export interface Can {
  allowed: boolean;
  /** Why not, in the UI language (for a title/tooltip); null when allowed. */
  reason: string | null;
}

export function roleList(t: TFunction, roles: readonly Role[]): string {
  return roles.map((r) => t(`auth.roles.${r}`)).join(t('auth.roleSeparator'));
}

export function permissionText(t: TFunction, p: Permission): string | null {
  if (p.allowed) return null;
  if (p.reason === 'not_signed_in') return t('auth.notSignedIn');
  return t('auth.needsRole', { roles: roleList(t, p.needed) });
}

export function canWith(t: TFunction, roles: readonly Role[] | null, method: ApiMethod, input?: Record<string, unknown>): Can {
  const p = allowedFor(method, roles, input ?? {});
  return { allowed: p.allowed, reason: permissionText(t, p) };
}

/** May the signed-in person call `method` (with this payload, for the elevated rules)? */
export function useCan(method: ApiMethod, input?: Record<string, unknown>): Can {
  const { t } = useTranslation();
  return canWith(t, useRoles(), method, input);
}

/** May the person give this signature (signRound, and the role the step needs)? */
export function canSignStep(t: TFunction, roles: readonly Role[] | null, step: SignOffStep): Can {
  const base = canWith(t, roles, 'signRound');
  if (!base.allowed) return base;
  const needed = SIGNATURE_ROLES[step];
  if (roles?.includes(needed)) return { allowed: true, reason: null };
  return { allowed: false, reason: t('auth.needsRoleFor', { roles: roleList(t, [needed]), step: t(`proof.steps.${step}`) }) };
}

/** A person who may propose corrections but not edit text works in proof mode always. */
export function proofModeForced(roles: readonly Role[] | null): boolean {
  return roles !== null && allowedFor('proposeCorrection', roles).allowed && !allowedFor('updateArticle', roles).allowed;
}

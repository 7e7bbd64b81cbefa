import { inject } from '@angular/core';
import { CanActivateFn, RedirectFunction, Router } from '@angular/router';
import type { Permission } from '@hms/shared';
import { AuthService, CHANGE_PASSWORD_URL } from './auth.service';

/** Only for a user signed in and holding the permission; others go to sign in or their own home. */
export function permissionGuard(permission: Permission): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.signedIn()) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
    if (auth.mustChangePassword()) return router.parseUrl(CHANGE_PASSWORD_URL);
    return auth.can(permission) ? true : router.parseUrl(auth.home());
  };
}

/** Any signed-in user; others go to sign in and come back here afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  return auth.signedIn() ? true : inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Sign-in and registration pages: a signed-in user goes to their home instead. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.signedIn() ? inject(Router).parseUrl(auth.home()) : true;
};

/** `/` leads to the portal of the signed-in user, or to sign in. */
export const homeRedirect: RedirectFunction = () => inject(AuthService).home();

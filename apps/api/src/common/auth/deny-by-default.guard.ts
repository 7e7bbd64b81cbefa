import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../errors/domain-errors';
import { AUTH_REQUIREMENT, PUBLIC_ROUTE } from './auth-requirement';

/**
 * Global guard: a route that wears neither @Auth nor @Public is closed.
 * Forgetting the decorator fails safe instead of opening the route.
 */
@Injectable()
export class DenyByDefaultGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride(AUTH_REQUIREMENT, targets)) return true;
    throw new ForbiddenError('route_not_declared', 'This route declares no access rule');
  }
}

import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainException } from '../errors/domain.exception';
import { type ApiKeyPrincipal, ApiKeyRing, type Role, roleSatisfies } from './api-key-entries';
import { AuthFailureLimiter, KeyRateLimiter } from './key-rate-limiter';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './access.decorators';

export type AuthenticatedRequest = FastifyRequest & { principal?: ApiKeyPrincipal };

/**
 * Global guard: a route is closed unless marked public, and needs at least `reader`. The key comes
 * as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Each key has a request allowance per minute
 * (429 with Retry-After beyond it), and so has each client address for requests without a valid key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeyRing) private readonly keys: ApiKeyRing,
    @Inject(KeyRateLimiter) private readonly limiter: KeyRateLimiter,
    @Inject(AuthFailureLimiter) private readonly failures: AuthFailureLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'reader';
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedKey(request);
    if (presented === undefined) {
      this.refuseUnauthenticated(
        request,
        'API_KEY_MISSING',
        'An API key is required (Authorization: Bearer <key>)',
      );
    }
    const principal = this.keys.authenticate(presented);
    if (!principal) this.refuseUnauthenticated(request, 'API_KEY_INVALID', 'The API key is not valid');
    if (!roleSatisfies(principal.role, required)) {
      throw new DomainException('forbidden', 'ROLE_REQUIRED', `This action needs the ${required} role`, {
        required,
        held: principal.role,
      });
    }
    const retryAfterSeconds = this.limiter.take(principal.label);
    if (retryAfterSeconds > 0) {
      throw new DomainException('rate_limited', 'RATE_LIMITED', 'Too many requests for this API key', {
        retryAfterSeconds,
      });
    }
    request.principal = principal;
    return true;
  }

  /** 401, or 429 once this address has sent too many requests without a valid key. */
  private refuseUnauthenticated(request: FastifyRequest, code: string, message: string): never {
    const retryAfterSeconds = this.failures.take(request.ip);
    if (retryAfterSeconds > 0) {
      throw new DomainException(
        'rate_limited',
        'RATE_LIMITED',
        'Too many requests without a valid API key from this address',
        { retryAfterSeconds },
      );
    }
    throw new DomainException('unauthenticated', code, message);
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match) return match[1];
  }
  return undefined;
}

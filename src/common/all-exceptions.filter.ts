import { Catch, Inject, Logger, NotFoundException, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { factsOf } from '../observability/request-facts.js';
import { errorResponse } from './error-response.js';
import { ERROR_SURFACES, errorSurfaceFor, type ErrorSurface } from './error-surface.js';
import { routeNotFound } from './route-not-found.js';
import { admittedBeforeError } from '../rate-limit/reserves-budget.js';

/**
 * The one place that answers with an error: every exception, Nest's, Fastify's or ours, leaves as the envelope
 * with the request's id, or in the shape of the error surface its path belongs to (ERROR_SURFACES). Unplanned
 * ones are logged with their stack and answered with a bare 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(ERROR_SURFACES) private readonly surfaces: readonly ErrorSurface[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void | Promise<void> {
    // A request whose rate-limit admission waited for its budget reservation, and failed before it, is admitted
    // first: past its limit it gets the 429 instead (docs/teams.md).
    const admitted = admittedBeforeError(host.switchToHttp().getRequest<FastifyRequest>(), exception);
    if (admitted) return admitted.then((answer) => this.answer(answer, host));
    this.answer(exception, host);
  }

  private answer(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Nest's router reports an unmatched route as a NotFoundException "Cannot METHOD /path" (the path is the
    // client's: the pattern is anchored and stops at the first space, so it reads a few characters whatever the path).
    const unmatched = exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message);
    const response = errorResponse(unmatched ? routeNotFound(request) : exception, request.id, request.routeOptions.bodyLimit);
    if (response.unexpected !== undefined) {
      const error = response.unexpected instanceof Error ? response.unexpected : new Error(String(response.unexpected));
      this.logger.error(`request ${request.id} failed: ${error.message}`, error.stack);
    }
    factsOf(request).failed(response.body.error.type);
    if (reply.sent || reply.raw.headersSent) return;
    const surface = errorSurfaceFor(this.surfaces, request);
    const body = surface ? surface.render(response.error, request) : response.body;
    void reply.status(response.status).headers(response.headers).send(body);
  }
}

import { ApiError } from '../../common/api-error.js';
import type { GatewayConfig } from '../../config/gateway-config.js';
import type { AdminRequest } from './admin-authenticator.js';

/** Who did it and from where, for the audit row. */
export interface AdminContext {
  actor: string;
  address: string;
}

export function adminContext(request: AdminRequest): AdminContext {
  return { actor: request.admin?.actor ?? 'admin:unknown', address: request.ip };
}

/** A 400 naming the first model id the gateway does not serve. */
export function checkModels(config: GatewayConfig, models: readonly string[] | null | undefined, param = 'models'): void {
  const known = new Set(config.models.map((model) => model.id));
  const unknown = models?.find((id) => !known.has(id));
  if (unknown !== undefined) throw ApiError.invalid(`Unknown model '${unknown.slice(0, 128)}' in '${param}': see GET /v1/models.`, param);
}

export function notFound(what: 'key' | 'team', id: string): ApiError {
  return new ApiError(404, `No ${what} with id '${id.slice(0, 64)}'.`, 'not_found_error', 'id');
}

/** PostgreSQL's unique_violation, as a 409 saying what clashed. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

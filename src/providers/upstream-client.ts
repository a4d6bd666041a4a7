import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { AxiosError, type AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
import { unreachable } from './upstream-errors.js';

/** An upstream answer of any status, body unparsed: adapters decide what it means. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

function flatHeaders(response: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ');
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** Why a request did not get an answer, in words a client can act on (never the URL: it may carry secrets). */
function networkReason(error: AxiosError): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ERR_CANCELED':
      return 'request cancelled';
    default:
      return error.code ? error.code.toLowerCase().replace(/_/g, ' ') : 'network error';
  }
}

/**
 * Posts JSON to an upstream through the pooled @nestjs/axios client. Every status comes back as a value; only
 * a request that got no answer at all throws (a 502 ApiError naming the provider).
 */
@Injectable()
export class UpstreamClient {
  constructor(private readonly http: HttpService) {}

  async postJson(
    provider: string,
    url: string,
    headers: Record<string, string>,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> {
    try {
      const response = await firstValueFrom(
        this.http.post<string>(url, JSON.stringify(body), {
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          responseType: 'text',
          // Parse ourselves: a body that is not JSON must become a 502, not a silently passed string.
          transformResponse: [(data: unknown) => data],
          validateStatus: () => true,
          signal,
          maxRedirects: 0,
        }),
      );
      return { status: response.status, headers: flatHeaders(response), text: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      if (error instanceof AxiosError) throw unreachable(provider, networkReason(error));
      throw error;
    }
  }
}

/** Normalises Retry-After (seconds or an HTTP date) to whole seconds, as the gateway's clients expect. */
export function retryAfterSeconds(headers: Record<string, string>, now = Date.now()): string | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return String(Math.max(1, Math.ceil(Number(ms) / 1000)));
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return String(Math.max(1, Math.ceil(Number(value))));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : String(Math.max(1, Math.ceil((date - now) / 1000)));
}

/** Parses a JSON body, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

import type { ErrorType } from './api-error.js';

/** The error object of the envelope (seed §3, §5). */
export interface ErrorBody {
  code: number;
  message: string;
  type: ErrorType;
  param: string | null;
  request_id: string;
}

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
}

export interface ErrorEnvelope {
  success: false;
  error: ErrorBody;
}

export function success<T>(data: T): SuccessEnvelope<T> {
  return { success: true, data };
}

export function failure(error: ErrorBody): ErrorEnvelope {
  return { success: false, error };
}

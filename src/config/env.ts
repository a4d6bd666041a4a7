import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { shownValue } from './shown-value.js';

/**
 * The one set of readers every configuration section uses. Each reads one variable, trims it, treats empty as
 * unset and throws a ConfigError naming the variable (and the bad value where it is not a secret).
 */
export type Env = Readonly<Record<string, string | undefined>>;

export function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

/** One of `values`, compared in lower case; `values` in the message read "a or b" for two, a list for more. */
export function enumVar<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = text(env, name)?.toLowerCase() ?? fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  const allowed = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  throw new ConfigError(`${name} must be ${allowed}; got '${raw}'`);
}

/** Comma-separated entries, trimmed, empty ones dropped. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A comma-separated variable; unset is an empty list. */
export function listVar(env: Env, name: string): string[] {
  return splitList(env[name] ?? '');
}

/** An http(s) URL; `name` is the variable or file field the message names, with the value it got (credentials masked). */
export function httpUrl(value: string, name: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`${name} must be an http(s) URL, got '${shownValue(value)}'`);
  }
  return url;
}

/** Reads the PEM file a variable names; `marker` is the header it must contain, `notPem` the complaint otherwise. */
export function pemFile(name: string, file: string, marker: string, notPem: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.toString('utf8').includes(marker)) throw new ConfigError(`${name}: ${file} ${notPem}`);
  return pem;
}

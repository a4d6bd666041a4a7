import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { shownValue } from './shown-value.js';
export function text(env, name) {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
}
export function intVar(env, name, fallback, min, max) {
    const raw = text(env, name);
    if (raw === undefined)
        return fallback;
    if (!/^\d+$/.test(raw))
        throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
    const value = Number(raw);
    if (value < min || value > max)
        throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
    return value;
}
export function boolVar(env, name, fallback) {
    const raw = text(env, name)?.toLowerCase();
    if (raw === undefined)
        return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw))
        return true;
    if (['false', '0', 'no', 'off'].includes(raw))
        return false;
    throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}
/** One of `values`, compared in lower case; `values` in the message read "a or b" for two, a list for more. */
export function enumVar(env, name, values, fallback) {
    const raw = text(env, name)?.toLowerCase() ?? fallback;
    if (values.includes(raw))
        return raw;
    const allowed = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
    throw new ConfigError(`${name} must be ${allowed}; got '${raw}'`);
}
/** Comma-separated entries, trimmed, empty ones dropped. */
export function splitList(raw) {
    return raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
}
/** A comma-separated variable; unset is an empty list. */
export function listVar(env, name) {
    return splitList(env[name] ?? '');
}
/** An http(s) URL; `name` is the variable or file field the message names, with the value it got (credentials masked). */
export function httpUrl(value, name) {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ConfigError(`${name} must be an http(s) URL, got '${shownValue(value)}'`);
    }
    return url;
}
/** Reads the PEM file a variable names; `marker` is the header it must contain, `notPem` the complaint otherwise. */
export function pemFile(name, file, marker, notPem) {
    let pem;
    try {
        pem = readFileSync(file);
    }
    catch (error) {
        throw new ConfigError(`${name}: cannot read ${file} (${error.code ?? 'error'})`);
    }
    if (!pem.toString('utf8').includes(marker))
        throw new ConfigError(`${name}: ${file} ${notPem}`);
    return pem;
}

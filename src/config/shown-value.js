const MAX_SHOWN = 200;
/**
 * A URL-like setting as a configuration error may echo it. Everything up to the last '@' after the scheme (where
 * `user:password@` sits, even when the password holds an unencoded '/', '#' or '?'), then the query and the
 * fragment (where tokens travel) become `[redacted]`; the length is bounded. Only for settings that are not
 * secrets themselves: a key is never echoed at all.
 */
export function shownValue(raw) {
    const scheme = raw.indexOf('://');
    const start = scheme === -1 ? 0 : scheme + 3;
    const at = raw.lastIndexOf('@');
    let shown = at >= start ? `${raw.slice(0, start)}[redacted]${raw.slice(at)}` : raw;
    shown = shown.replace(/([?#]).*$/s, '$1[redacted]');
    return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
}

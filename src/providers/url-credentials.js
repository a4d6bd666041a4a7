/** Ends a URL's authority (host part): the first '/' or whitespace after '://'. */
function endsAuthority(char) {
    return char === '/' || char.trim() === '';
}
/**
 * Replaces the user-info of every `scheme://user:password@host` in the text with `[redacted]`, in one pass.
 * Hand-written rather than a regular expression: the pattern it replaces (`scheme://` then user, ':', password,
 * '@') backtracked quadratically on long runs of letters, and a scan that reads each character once cannot.
 * Stricter than that pattern on purpose: any user-info is masked (a token alone before '@' is a credential too),
 * up to the last '@' of the authority, as URL parsers read it, so a password holding an '@' is masked whole.
 */
export function maskUrlCredentials(text) {
    let out = '';
    let copied = 0;
    let search = 0;
    for (;;) {
        const separator = text.indexOf('://', search);
        if (separator === -1)
            break;
        const start = separator + 3;
        let end = start;
        let at = -1;
        while (end < text.length && !endsAuthority(text[end])) {
            if (text[end] === '@')
                at = end;
            end++;
        }
        if (at > start) {
            out += `${text.slice(copied, start)}[redacted]`;
            copied = at;
        }
        // The next '://' can begin at the authority's last character (a ':' before the '/' that ended it), not before.
        search = Math.max(start, end - 1);
    }
    return out + text.slice(copied);
}

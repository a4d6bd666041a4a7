import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';
import { splitList } from '../config/env.js';
export function sha256(value) {
    return createHash('sha256').update(value, 'utf8').digest();
}
/** A short, non-reversible name for a key, safe to log (the first 8 hex digits of its SHA-256). */
export function keyFingerprint(digest) {
    return digest.subarray(0, 4).toString('hex');
}
/**
 * Parses GATEWAY_API_KEYS (comma-separated; `sha256:<hex>` entries are already hashed) into digests.
 * With no keys, generates one random key for this process.
 */
export function parseApiKeys(raw) {
    const entries = splitList(raw);
    if (entries.length === 0) {
        const generated = `sk-gw-${randomBytes(24).toString('base64url')}`;
        return { digests: [sha256(generated)], generated };
    }
    const digests = entries.map((entry, index) => {
        if (entry.startsWith('sha256:')) {
            const hex = entry.slice('sha256:'.length);
            if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
                throw new ConfigError(`GATEWAY_API_KEYS entry ${index + 1} must be sha256: followed by 64 hex digits`);
            }
            return Buffer.from(hex, 'hex');
        }
        if (entry.length < 8)
            throw new ConfigError(`GATEWAY_API_KEYS entry ${index + 1} is shorter than 8 characters`);
        return sha256(entry);
    });
    return { digests };
}
/** Finds the digest matching a presented key in constant time: every digest is compared, whatever matches. */
export function matchKey(presented, digests) {
    const candidate = sha256(presented);
    let found;
    for (const digest of digests) {
        if (timingSafeEqual(candidate, digest) && found === undefined)
            found = digest;
    }
    return found;
}

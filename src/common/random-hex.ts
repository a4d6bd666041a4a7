import { randomFillSync } from 'node:crypto';

const ID_BYTES = 16;
/** 256 ids per refill: one system call and no allocation for the next 255. */
const POOL_BYTES = ID_BYTES * 256;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * 128 random bits from the system's CSPRNG as 32 lower-case hex digits: the ids the gateway mints (request,
 * completion, message). The same strength as `randomUUID()` without its dashes (which the ids dropped anyway),
 * but one string per id: serialising a UUID builds it from twenty pieces, then `replace` copies it again, twice per
 * request on the hot path.
 */
export function randomHex128(): string {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return hex;
}

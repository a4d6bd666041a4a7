/** Names of the two throttlers (ThrottlerModule options), also the window names in refusal messages. */
export const BURST = 'burst';
export const PER_MINUTE = 'per-minute';

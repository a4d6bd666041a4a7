/** A finish reason through a provider's table; a missing one is a natural stop. */
export function mapFinishReason(table, reason) {
    if (typeof reason !== 'string')
        return 'stop';
    return table[reason] ?? reason;
}

/** A configuration value that stops the start; the message names the variable or file field. */
export class ConfigError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ConfigError';
    }
}

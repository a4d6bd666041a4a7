/**
 * An error the upstream reported inside its stream (Anthropic's `error` event, an OpenAI chunk holding `error`):
 * `status` is the HTTP status the same failure has as a plain answer (it decides retries and the gateway's
 * status), `kind` the provider's error type, `providerMessage` its text (cut and redacted by the caller).
 */
export class StreamEventError extends Error {
    status;
    kind;
    providerMessage;
    constructor(status, kind, providerMessage) {
        super(providerMessage ?? kind ?? 'stream error event');
        this.status = status;
        this.kind = kind;
        this.providerMessage = providerMessage;
        this.name = 'StreamEventError';
    }
}
/** An event the parser cannot read (not JSON, wrong shape, a terminal event without a finish reason). */
export class MalformedStreamEvent extends Error {
    what;
    constructor(what) {
        super(what);
        this.what = what;
        this.name = 'MalformedStreamEvent';
    }
}

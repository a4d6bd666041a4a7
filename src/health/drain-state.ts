import { Injectable } from '@nestjs/common';

/**
 * Set once, first thing in main.ts's stop handler: from then on GET /health/ready answers 503, so a load balancer
 * stops sending new requests while the in-flight ones finish.
 */
@Injectable()
export class DrainState {
  private since: number | undefined;

  begin(): void {
    this.since ??= Date.now();
  }

  get draining(): boolean {
    return this.since !== undefined;
  }
}

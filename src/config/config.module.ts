import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from './gateway-config.js';

/** Makes the configuration parsed at boot injectable everywhere as CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}

import { jest } from '@jest/globals';
import * as nestCommon from '@nestjs/common';
import * as nestCore from '@nestjs/core';

/**
 * @nestjs/throttler is CommonJS and require()s Nest, which ships ESM only: Node 20 loads that natively, Jest's
 * module registry on Node 20 cannot. This hands Jest's require the very modules already imported (no behaviour
 * replaced). Call it before importing (dynamically) anything that loads @nestjs/throttler.
 */
export function bridgeNestForCommonJs(): void {
  jest.mock('@nestjs/common', () => nestCommon);
  jest.mock('@nestjs/core', () => nestCore);
}

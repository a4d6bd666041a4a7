import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { getMetadataStorage } from 'class-validator';
import { BodyValidationPipe } from './body-validation.pipe.js';

const SRC = join(import.meta.dirname, '..');

interface RouteArg {
  index: number;
  pipes?: unknown[];
}

/** Every @Body() parameter of every controller in src/, with the class it is typed with. */
async function bodyParameters(): Promise<{ where: string; type: unknown; pipes: unknown[] }[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.controller.ts'));
  const found: { where: string; type: unknown; pipes: unknown[] }[] = [];
  for (const file of files) {
    const exports = (await import(join(SRC, file))) as Record<string, unknown>;
    for (const controller of Object.values(exports)) {
      if (typeof controller !== 'function' || Reflect.getMetadata('path', controller) === undefined) continue;
      const prototype = controller.prototype as object;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>;
        const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY) continue;
          found.push({ where: `${controller.name}.${method}`, type: types[arg.index], pipes: arg.pipes ?? [] });
        }
      }
    }
  }
  return found;
}

const isDto = (type: unknown): boolean => typeof type === 'function' && getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;

describe('BodyValidationPipe', () => {
  it('is on every @Body() parameter typed with a validated DTO (it is bound per parameter, not globally)', async () => {
    const bodies = await bodyParameters();
    const dtoBodies = bodies.filter((body) => isDto(body.type));
    // The REST completion and the admin API's bodies, at least: a scan that finds none proves nothing.
    expect(dtoBodies.map((body) => body.where)).toEqual(expect.arrayContaining(['CompletionsController.complete', 'KeysAdminController.create', 'TeamsAdminController.create']));
    expect(dtoBodies.filter((body) => !body.pipes.includes(BodyValidationPipe)).map((body) => body.where)).toEqual([]);
  });
});

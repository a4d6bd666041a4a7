// The design's own floor (`npm run bench:floor`): a NestJS + Fastify app with one controller and nothing else (no
// guards, hooks, validation, logging, metrics, retries), doing per request what the bare proxy does: the key check,
// GET /v1/models, and POST /openai/v1/chat/completions mapped and re-encoded as bare-chat.ts does, the stream
// returned as a StreamableFile as the gateway does. Whatever the gateway costs beyond this app is its own work,
// not the framework's. Environment: UPSTREAM_URL, BARE_API_KEY, OPENAI_API_KEY.
// Prints {"url":"http://127.0.0.1:PORT"} once listening; stops on SIGINT/SIGTERM.
import 'reflect-metadata';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, HttpCode, HttpException, Module, Post, Res, StreamableFile } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Pool } from 'undici';
import { chatFromUpstream, chatToUpstream, reencodeChunks, type ChatCall } from './bare-chat.js';
import { MODELS_BODY } from './bare-wire.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const pool = new Pool(new URL(required('UPSTREAM_URL')).origin, { connections: 256 });
const keyDigest = createHash('sha256').update(required('BARE_API_KEY')).digest();
const upstreamHeaders = { 'content-type': 'application/json', authorization: `Bearer ${required('OPENAI_API_KEY')}` };
const models: unknown = JSON.parse(MODELS_BODY);

function authorize(header: string | undefined): void {
  const ok = header !== undefined && header.startsWith('Bearer ') && timingSafeEqual(createHash('sha256').update(header.slice(7)).digest(), keyDigest);
  if (!ok) throw new HttpException({ error: 'Invalid API key.' }, 401);
}

/** The upstream's SSE body re-encoded for the client, pushed into a Readable as it arrives. */
function reencoded(body: AsyncIterable<Buffer>, call: ChatCall, id: string): Readable {
  const out = new Readable({ read: () => undefined });
  void (async () => {
    let pending = '';
    for await (const chunk of body) {
      const { frames, rest } = reencodeChunks(call.model, id, pending + chunk.toString('utf8'));
      pending = rest;
      if (frames !== '') out.push(frames);
    }
    out.push(null);
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

@Controller()
class FloorController {
  @Get('v1/models')
  list(@Headers('authorization') authorization: string | undefined): unknown {
    authorize(authorization);
    return models;
  }

  @Post('openai/v1/chat/completions')
  @HttpCode(200)
  async chat(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    authorize(authorization);
    const call = chatToUpstream(JSON.stringify(body));
    if ('field' in call) throw new HttpException({ error: `Invalid '${call.field}' parameter.` }, 400);
    const answer = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: upstreamHeaders, body: call.body });
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      throw new HttpException({ error: `Upstream answered ${answer.statusCode}.` }, 502);
    }
    if (!call.stream) return JSON.parse(chatFromUpstream(call.model, id, await answer.body.json()) ?? 'null');
    void reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache');
    return new StreamableFile(reencoded(answer.body, call, id));
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().finally(() => process.exit(0)));

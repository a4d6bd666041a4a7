import type { Embedding, EmbeddingRequest, EmbeddingResult } from '../providers/embeddings.js';
import type { EmbeddingRequestDto } from './dto/embedding-request.dto.js';

/** The validated body in the providers' terms; JSON null means "not set". */
export function fromEmbeddingRequest(dto: EmbeddingRequestDto): EmbeddingRequest {
  return {
    input: dto.input,
    ...(dto.dimensions == null ? {} : { dimensions: dto.dimensions }),
    ...(dto.encoding_format == null ? {} : { encoding_format: dto.encoding_format }),
    ...(dto.user == null ? {} : { user: dto.user }),
  };
}

/** Floats as OpenAI's base64: the bytes of little-endian float32s. */
export function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

export function fromBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: Math.floor(bytes.length / 4) }, (_, index) => bytes.readFloatLE(index * 4));
}

/** A vector in the encoding the client asked for, whatever the upstream sent (a server may ignore the request). */
function encoded(embedding: Embedding['embedding'], format: EmbeddingRequest['encoding_format']): number[] | string {
  if (format === 'base64') return typeof embedding === 'string' ? embedding : toBase64(embedding);
  return typeof embedding === 'string' ? fromBase64(embedding) : embedding;
}

/** OpenAI's CreateEmbeddingResponse; `model` is the gateway model id asked for. */
export function toEmbeddingResponse(model: string, result: EmbeddingResult, format: EmbeddingRequest['encoding_format']): Record<string, unknown> {
  return {
    object: 'list',
    data: [...result.data]
      .sort((a, b) => a.index - b.index)
      .map((item) => ({ object: 'embedding', index: item.index, embedding: encoded(item.embedding, format) })),
    model,
    usage: { prompt_tokens: result.prompt_tokens, total_tokens: result.prompt_tokens },
  };
}

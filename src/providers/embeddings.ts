import type { ModelEntry } from '../config/model-entry.js';
import type { ProviderContext, UpstreamRequest } from './provider-definition.js';

/** An embeddings request in the gateway's terms (OpenAI's CreateEmbeddingRequest, already validated). */
export interface EmbeddingRequest {
  /** A string, strings, a token array, or token arrays. */
  input: string | string[] | number[] | number[][];
  dimensions?: number;
  /** What the client wants back; the upstream is asked the same, and its answer converted if it ignored it. */
  encoding_format?: 'float' | 'base64';
  user?: string;
}

/** One vector: floats, or base64 of little-endian float32 (OpenAI's `encoding_format: base64`). */
export interface Embedding {
  index: number;
  embedding: number[] | string;
}

export interface EmbeddingResult {
  data: Embedding[];
  /** Input tokens: what embeddings cost (docs/embeddings.md). */
  prompt_tokens: number;
}

/**
 * A provider's embeddings support (docs/embeddings.md): absent means its models cannot be `mode: embedding`, and it
 * is never called for embeddings.
 */
export interface EmbeddingSlot {
  buildRequest(model: ModelEntry, request: EmbeddingRequest, context: ProviderContext): UpstreamRequest;
  /** Reads a success body; a string names what is wrong with a body of the wrong shape (answered as 502). */
  readResult(body: unknown): EmbeddingResult | string;
}

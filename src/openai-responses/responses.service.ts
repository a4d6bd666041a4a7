import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { CompletionsService } from '../completions/completions.service.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ModelsService } from '../models/models.service.js';
import type { RequestFacts } from '../observability/request-facts.js';
import { unknownModel, type OpenAIStream, type Served } from '../openai-compat/openai-compat.service.js';
import type { ChatTurn } from '../providers/chat-types.js';
import type { CreateResponseDto } from './dto/create-response.dto.js';
import { inputItems, type InputItem } from './input-items.mapping.js';
import { responseEventsEncoder } from './response-events.encoder.js';
import { responseIdOfItem, responseIds, type ResponseObject } from './response-object.js';
import { finishedResponse, type ResponseHead } from './response-object.mapping.js';
import { prepareRequest, type PreparedRequest } from './response-request.mapping.js';
import { RESPONSE_STORE, type ResponseStore, type StoredResponse } from './response-store.js';

/** What DELETE answers, as OpenAI does. */
export interface DeletedResponse {
  id: string;
  object: 'response.deleted';
  deleted: true;
}

/** A request ready for the completion path: the model, the response's head, the call, and whose it is. */
interface ReadyRequest {
  model: ModelEntry;
  head: ResponseHead;
  prepared: PreparedRequest;
  owner: string;
}

const now = (): number => Math.floor(Date.now() / 1000);
const promptOf = (turns: readonly ChatTurn[]): string => turns.map((turn) => (typeof turn.content === 'string' ? turn.content : (turn.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join(''))).join('\n');
const notFound = (id: string): ApiError => new ApiError(404, `No response found with id '${id.slice(0, 128)}'.`, 'not_found_error', 'response_id');

/**
 * The Responses API over the one completion path (docs/responses.md): the request becomes a chat call of
 * CompletionsService (limits, budgets, usage, model access, retries and fallbacks, log line, metrics), the answer
 * a `response` object or its events; with a store, responses are kept per client key for `previous_response_id`.
 */
@Injectable()
export class ResponsesService {
  private readonly logger = new Logger('Responses');
  /** Saves under way, by response id: a read of that id waits for it (a client continuing at once). */
  private readonly saving = new Map<string, Promise<void>>();

  constructor(
    private readonly models: ModelsService,
    private readonly completions: CompletionsService,
    @Optional() @Inject(RESPONSE_STORE) private readonly store?: ResponseStore,
  ) {}

  async create(dto: CreateResponseDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<Served<ResponseObject>> {
    const { model, head, prepared, owner } = await this.prepare(dto, facts, client);
    const { result, attempts, servedBy } = await this.completions.call(model, prepared.call, signal, undefined, facts, client);
    facts?.served(servedBy, result.usage.prompt_tokens, result.usage.completion_tokens);
    const response = finishedResponse(head, result, now());
    await this.keep(owner, prepared, response);
    return { body: response, attempts };
  }

  /** `stream: true`: resolved at the first upstream delta (failures before it are thrown, retried, fallen back). */
  async stream(dto: CreateResponseDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<OpenAIStream> {
    const { model, head, prepared, owner } = await this.prepare(dto, facts, client);
    const stream = await this.completions.streamCall(model, prepared.call, signal, undefined, facts, client);
    const encoder = responseEventsEncoder(head, (response) => void this.keep(owner, prepared, response), now);
    return { stream, encoder };
  }

  async retrieve(id: string, client?: ClientIdentity): Promise<ResponseObject> {
    const stored = await this.stored(this.requiredStore('response_id'), ownerOf(client), id);
    if (!stored) throw notFound(id);
    return stored.response;
  }

  async remove(id: string, client?: ClientIdentity): Promise<DeletedResponse> {
    await this.saving.get(id);
    if (!(await this.requiredStore('response_id').delete(ownerOf(client), id))) throw notFound(id);
    return { id, object: 'response.deleted', deleted: true };
  }

  private async prepare(dto: CreateResponseDto, facts: RequestFacts | undefined, client: ClientIdentity | undefined): Promise<ReadyRequest> {
    const model = this.model(dto.model);
    const owner = ownerOf(client);
    const history = dto.previous_response_id ? await this.history(owner, dto.previous_response_id) : [];
    const input = await this.resolveReferences(owner, inputItems(dto.input));
    const store = dto.store !== false && this.store !== undefined;
    const prepared = prepareRequest(dto, model.id, input, history, store);
    const head: ResponseHead = { ids: responseIds(randomBytes(24).toString('hex')), createdAt: now(), settings: prepared.settings };
    facts?.requested(model.id, model.provider, promptOf(prepared.call.messages));
    return { model, head, prepared, owner };
  }

  /** The conversation a stored response ends: its input items and its output. */
  private async history(owner: string, id: string): Promise<InputItem[]> {
    const store = this.requiredStore('previous_response_id');
    const previous = await this.stored(store, owner, id);
    if (!previous) throw new ApiError(404, `Previous response with id '${id.slice(0, 128)}' not found.`, 'not_found_error', 'previous_response_id');
    return [...previous.conversation, ...(previous.response.output as unknown as InputItem[])];
  }

  /** `item_reference` items name output items of this key's stored responses; each is replaced by the item. */
  private async resolveReferences(owner: string, items: InputItem[]): Promise<InputItem[]> {
    return Promise.all(items.map(async (item, index) => {
      if (item.type !== 'item_reference') return item;
      const param = `input[${index}].id`;
      const id = typeof item.id === 'string' ? item.id : '';
      const responseId = responseIdOfItem(id);
      const stored = responseId ? await this.stored(this.requiredStore(param), owner, responseId) : undefined;
      const found = stored?.response.output.find((output) => output.id === id);
      if (!found) throw ApiError.invalid(`Invalid '${param}': no stored item with id '${id.slice(0, 128)}'.`, param);
      return found as unknown as InputItem;
    }));
  }

  /**
   * Keeps a response. A failed save (the database away) is logged, not the client's error: the answer was made
   * and paid for; only continuing it later will fail (404).
   */
  private async keep(owner: string, prepared: PreparedRequest, response: ResponseObject): Promise<void> {
    if (!prepared.settings.store || !this.store) return;
    const saved = this.store.save({ id: response.id, owner, conversation: prepared.conversation, response })
      .catch((error: unknown) => this.logger.warn(`response ${response.id} could not be stored: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.saving.delete(response.id));
    this.saving.set(response.id, saved);
    await saved;
  }

  /** A stored response of this owner, once any save of it under way has ended. */
  private async stored(store: ResponseStore, owner: string, id: string): Promise<StoredResponse | undefined> {
    await this.saving.get(id);
    return store.get(owner, id);
  }

  private requiredStore(param: string): ResponseStore {
    if (!this.store) throw ApiError.invalid(`Invalid '${param}': this gateway keeps no responses (RESPONSES_STORE=off), so there is nothing to refer to.`, param);
    return this.store;
  }

  private model(id: string): ModelEntry {
    const model = this.models.find(id);
    if (!model) throw unknownModel(id);
    return model;
  }
}

/** Responses belong to the client key that made them; without keys (none configured) all share one owner. */
const ownerOf = (client: ClientIdentity | undefined): string => client?.keyId ?? '';

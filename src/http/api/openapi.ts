import { z } from 'zod';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.ts';
import {
  type ApiOperation,
  type ErrorSpec,
  type HttpMethod,
  type ResponseSpec,
  toOpenApiPath,
} from './operations.ts';

/** RFC 9457 problem details as every error of the API is rendered (see ../errors.ts). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().meta({ description: 'Hva som gikk galt, på norsk.' }),
  errors: z
    .array(
      z.object({
        path: z.string().meta({ description: 'Feltet det gjelder, f.eks. `orgNumber` eller `ids.2`.' }),
        message: z.string(),
      }),
    )
    .optional(),
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Ugyldig forespørsel; `errors` navngir hvert felt.',
  401: 'Mangler, ugyldig eller tilbaketrukket API-token.',
  403: 'Ingen tilgang.',
  404: 'Finnes ikke i dette arbeidsområdet.',
  409: 'Konflikt, f.eks. et nummer som allerede er i bruk, eller samme Idempotency-Key pågår.',
  415: 'Innholdet har en Content-Type operasjonen ikke leser.',
  422: 'Bryter en forretningsregel, eller Idempotency-Key er brukt med annet innhold.',
  503: 'En tjeneste operasjonen trenger svarer ikke akkurat nå; prøv igjen senere.',
};

/** A route mounted without a declaration (plain Hono); listed so the document never omits a path. */
export interface UndeclaredRoute {
  method: HttpMethod;
  path: string;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and OpenAPI objects are open-ended
type JsonObject = Record<string, any>;
const COMPONENT = '#/components/schemas/';

/**
 * The OpenAPI 3.1 document, generated from the same operation declarations and zod schemas
 * that validate requests.
 * @example const doc = buildOpenApiDocument(operations); doc.paths['/customers'].get
 */
export function buildOpenApiDocument(
  operations: readonly ApiOperation[],
  undeclared: readonly UndeclaredRoute[] = [],
): JsonObject {
  const inputs = new Namer();
  const outputs = new Namer();
  outputs.name(problemSchema, 'Problem');
  const paths: Record<string, Record<string, JsonObject>> = {};

  for (const op of operations) {
    const pascal = op.operationId.charAt(0).toUpperCase() + op.operationId.slice(1);
    const operation: JsonObject = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.description ? { description: op.description } : {}),
      parameters: [
        ...parametersOf(op.params, 'path'),
        ...parametersOf(op.query, 'query'),
        ...(op.method === 'post' ? [idempotencyParameter()] : []),
      ],
      responses: {},
    };
    if (op.authenticated === false) operation.security = [];
    const body = op.documentedBody ?? op.body;
    if (op.fileBody) {
      const { description, mediaTypes } = op.fileBody;
      operation.requestBody = {
        required: true,
        description,
        content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string' } }])),
      };
    } else if (body) {
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: inputs.ref(body, op.schemaNames?.body ?? `${pascal}Body`) },
        },
      };
    }
    for (const [status, spec] of Object.entries<ResponseSpec>(op.responses)) {
      operation.responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? {
              content: {
                'application/json': {
                  schema: outputs.ref(spec.schema, op.schemaNames?.response ?? `${pascal}Response`),
                },
              },
            }
          : {}),
        ...(op.method === 'post' ? { headers: { [REPLAYED_HEADER]: replayedHeader() } } : {}),
      };
    }
    const errors = errorDescriptions(op.errors ?? []);
    if (op.params || op.query || op.body || op.fileBody || op.method === 'post')
      errors.set(400, ERROR_DESCRIPTIONS[400]);
    if (op.authenticated !== false) errors.set(401, ERROR_DESCRIPTIONS[401]);
    if (op.fileBody) errors.set(415, ERROR_DESCRIPTIONS[415]);
    if (op.method === 'post') {
      // Every POST passes the idempotency layer, which can answer 409 and 422 on its own.
      if (!errors.has(409)) errors.set(409, ERROR_DESCRIPTIONS[409]);
      if (!errors.has(422)) errors.set(422, ERROR_DESCRIPTIONS[422]);
    }
    for (const [status, description] of [...errors].sort(([a], [b]) => a - b)) {
      operation.responses[String(status)] = problemResponse(description);
    }
    if (operation.parameters.length === 0) delete operation.parameters;
    pathItem(paths, op.path)[op.method] = operation;
  }

  for (const route of undeclared) {
    pathItem(paths, route.path)[route.method] = {
      summary: 'Ikke beskrevet ennå',
      'x-undeclared': true,
      responses: { default: { description: 'Se tjenestens dokumentasjon.' } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Broen REST API',
      version: '1.0.0',
      description:
        'Arbeidsområdets kunder, prosjekter, arbeidere, timer, maskiner, kjøring og varer. ' +
        'Beløp og mengder er desimalstrenger ("1250.00", "7.5"), datoer YYYY-MM-DD. ' +
        'Lister tar ?limit=&cursor= og svarer { items, nextCursor }.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Lag en nøkkel med `npx broen token create --workspace SLUG`.',
        },
      },
      schemas: mergeComponents(inputs.emit('input'), outputs.emit('output')),
    },
  };
}

function pathItem(
  paths: Record<string, Record<string, JsonObject>>,
  honoPath: string,
): Record<string, JsonObject> {
  const key = toOpenApiPath(honoPath);
  paths[key] ??= {};
  return paths[key];
}

/** Gives each schema one component name; a schema used by several operations is emitted once. */
class Namer {
  private readonly registry = z.registry<{ id: string }>();
  private readonly used = new Set<string>();

  name(schema: z.ZodType, wanted: string): string {
    const existing = this.registry.get(schema);
    if (existing) return existing.id;
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}${n}`;
    this.used.add(id);
    this.registry.add(schema, { id });
    return id;
  }

  ref(schema: z.ZodType, wanted: string): JsonObject {
    return { $ref: `${COMPONENT}${this.name(schema, wanted)}` };
  }

  emit(io: 'input' | 'output'): Record<string, JsonObject> {
    const { schemas } = z.toJSONSchema(this.registry, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      uri: (id) => `${COMPONENT}${id}`,
    });
    return flattenShared(schemas as Record<string, JsonObject>);
  }
}

// zod puts schemas that carry their own global id under a synthetic "__shared" entry and refers
// to them as "<uri>__shared#/$defs/X"; OpenAPI wants each as a component of its own.
function flattenShared(schemas: Record<string, JsonObject>): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  const { __shared, ...rest } = schemas;
  for (const [id, schema] of Object.entries<JsonObject>({ ...rest, ...(__shared?.$defs ?? {}) })) {
    const { $schema: _s, $id: _i, ...clean } = schema;
    out[id] = rewriteRefs(clean);
  }
  return out;
}

function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/__shared#\/\$defs\//, '') : rewriteRefs(v);
    }
    return out as T;
  }
  return value;
}

function mergeComponents(
  a: Record<string, JsonObject>,
  b: Record<string, JsonObject>,
): Record<string, JsonObject> {
  const out = { ...a };
  for (const [id, schema] of Object.entries(b)) {
    if (id in out && JSON.stringify(out[id]) !== JSON.stringify(schema)) {
      throw new Error(
        `OpenAPI component "${id}" differs between request and response; give one of them another name`,
      );
    }
    out[id] = schema;
  }
  return out;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const required = new Set<string>(json.required ?? []);
  return Object.entries<JsonObject>(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function idempotencyParameter(): JsonObject {
  return {
    name: IDEMPOTENCY_HEADER,
    in: 'header',
    required: false,
    description:
      'Valgfri nøkkel (1–255 tegn). Samme nøkkel og samme innhold gir det første svaret på nytt, ' +
      'aldri en ny post; samme nøkkel med annet innhold gir 422.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  };
}

function replayedHeader(): JsonObject {
  return {
    description:
      '"true" når svaret er det lagrede svaret på en tidligere forespørsel med samme Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  };
}

/** The declared error answers by status; an operation's own description wins over the generic one. */
function errorDescriptions(specs: readonly ErrorSpec[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const spec of specs) {
    const status = typeof spec === 'number' ? spec : spec.status;
    const own = typeof spec === 'number' ? undefined : spec.description;
    const before = out.get(status);
    if (before && !own) continue;
    // Two meanings of one status (e.g. 409 "not connected" and "stale version") are both listed.
    out.set(status, before ? `${before} ${own}` : (own ?? ERROR_DESCRIPTIONS[status] ?? 'Feil'));
  }
  return out;
}

function problemResponse(description: string): JsonObject {
  return {
    description,
    content: { 'application/problem+json': { schema: { $ref: `${COMPONENT}Problem` } } },
  };
}

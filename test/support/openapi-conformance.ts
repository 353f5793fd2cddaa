/**
 * Holds every response a test receives to the OpenAPI document the server publishes: the
 * status must be one the endpoint documents, a JSON body must fit the schema documented
 * for that status, and a header a client acts on (Retry-After, ETag, Idempotent-Replayed)
 * must be documented for that status when it is sent. The document is generated from the route declarations, so this is what
 * keeps the declarations, the code and the document from drifting apart.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments count for more: /api/orders/{order_id}/cancel before /api/orders/{order_number}. */
  specificity: number;
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

/** Response headers a client acts on: when one is sent, the document must say so for that status. */
const MEANINGFUL_HEADERS = ['Retry-After', 'ETag', 'Idempotent-Replayed'];

export interface OpenApiChecker {
  /** Throws when the response is not what the document says this endpoint answers. */
  check(method: string, pathAndQuery: string, status: number, contentType: string | null, body: unknown, headers?: Headers): void;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function openApiChecker(document: { paths: Record<string, Record<string, { responses: Operation['responses'] }>> }): OpenApiChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'api');
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
    const specificity = template.split('/').filter((s) => s && !s.startsWith('{')).length;
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), specificity, responses: operation.responses });
    }
  }
  operations.sort((a, b) => b.specificity - a.specificity);
  const validators = new Map<string, ValidateFunction>();

  return {
    check(method, pathAndQuery, status, contentType, body, headers) {
      const path = pathAndQuery.split('?')[0] ?? '';
      const operation = operations.find((o) => o.method === method && o.pattern.test(path));
      // Paths the document does not describe (pages, assets, probes of unknown endpoints) are not its business.
      if (!operation) return;
      const where = `${method} ${path} (${operation.template})`;
      const response = operation.responses[String(status)];
      if (!response) {
        throw new Error(`${where} answered ${status}, which its declaration does not document (documented: ${Object.keys(operation.responses).join(', ')}); body: ${JSON.stringify(body).slice(0, 300)}`);
      }
      for (const name of MEANINGFUL_HEADERS) {
        if (headers?.has(name) && !Object.keys(response.headers ?? {}).some((documented) => documented.toLowerCase() === name.toLowerCase())) {
          throw new Error(`${where} answered ${status} with a ${name} header, which its declaration does not document for that status`);
        }
      }
      if (!contentType?.includes('application/json')) return;
      if (!response.content?.['application/json']) throw new Error(`${where} answered ${status} with JSON, but documents no JSON body for it`);
      const ref = `api#/${pointer('paths', operation.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
      let validate = validators.get(ref);
      if (!validate) {
        validate = ajv.getSchema(ref);
        if (!validate) throw new Error(`no schema at ${ref}`);
        validators.set(ref, validate);
      }
      if (!validate(body)) {
        throw new Error(`${where} ${status}: the body does not fit the documented schema: ${ajv.errorsText(validate.errors)}; body: ${JSON.stringify(body).slice(0, 500)}`);
      }
    },
  };
}

const checkers = new Map<string, Promise<OpenApiChecker>>();

/** The checker for the server at this origin, from the document it serves (fetched once). */
export function checkerFor(baseUrl: string): Promise<OpenApiChecker> {
  const origin = new URL(baseUrl).origin;
  let checker = checkers.get(origin);
  if (!checker) {
    checker = fetch(`${origin}/api/openapi.json`).then(async (res) => {
      if (!res.ok) throw new Error(`GET ${origin}/api/openapi.json answered ${res.status}`);
      return openApiChecker((await res.json()) as Parameters<typeof openApiChecker>[0]);
    });
    checker.catch(() => checkers.delete(origin));
    checkers.set(origin, checker);
  }
  return checker;
}

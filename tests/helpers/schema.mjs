// Loads Cloudflare's official AOP OpenAPI subset (../shared/cloudflare/aop-openapi.json, beside
// the repository) and builds ajv validators for response bodies, with the schema's known
// defects relaxed (AOP-API.md P15, P16; P18 needs nothing: no schema sets additionalProperties
// false or requires result fields). Returns null everywhere when the file is absent, so tests
// can skip schema assertions and still run everything else.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// ajv is a devDependency; loaded lazily so that, with the schema absent, tests run without it.
const ajvModules = await Promise.all([import('ajv'), import('ajv-formats')]).catch(() => null);

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemaPath = join(repoRoot, '..', 'shared', 'cloudflare', 'aop-openapi.json');
const PREFIX = 'tls-certificates-and-hostnames_';
export const FAILURE = `${PREFIX}api-response-common-failure`;

let cached;

/** The parsed official schema document, or null when ../shared/cloudflare is absent. */
export function loadAopSchema() {
  if (cached !== undefined) return cached;
  cached = existsSync(schemaPath) ? JSON.parse(readFileSync(schemaPath, 'utf8')) : null;
  return cached;
}

/** `{ operationId: { method, path, responseSchema, requestSchema } }` from the schema, or null. */
export function aopOperations() {
  const doc = loadAopSchema();
  if (!doc) return null;
  const ops = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      ops[op.operationId] = {
        method: method.toUpperCase(),
        path,
        responseSchema: op.responses?.['200']?.content?.['application/json']?.schema ?? null,
        requestSchema: op.requestBody?.content?.['application/json']?.schema ?? null,
      };
    }
  }
  return ops;
}

const ajvs = new Map();

/**
 * One Ajv instance over the schema's components, relaxed for the known defects:
 * P15: `identifier` (id, cert_id in responses, path ids) has maxLength 32 while real ids are
 * 36-character UUIDs: raised to 36 (option `relaxIds: false` keeps 32). Option `relaxCodeMinimum`: message `code` minimum 1000
 * dropped (Cloudflare's own 429 answer uses code 971).
 */
function ajvFor(relaxCodeMinimum, relaxIds = true) {
  const key = `${relaxCodeMinimum}|${relaxIds}`;
  if (ajvs.has(key)) return ajvs.get(key);
  const doc = loadAopSchema();
  const schemas = structuredClone(doc.components.schemas);
  if (relaxIds) schemas[`${PREFIX}identifier`].maxLength = 36;
  if (relaxCodeMinimum) delete schemas[`${PREFIX}messages`].items.properties.code.minimum;
  if (!ajvModules) throw new Error('the schema is present but ajv / ajv-formats are not installed: run npm install');
  const [{ default: Ajv }, { default: addFormats }] = ajvModules;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'aop.json', components: { schemas } });
  ajvs.set(key, ajv);
  return ajv;
}

const rewriteRefs = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"aop.json#/components/'));

/**
 * A validator for a response body: `validate(body) -> { valid, errors }`, or null when the
 * schema is absent. `nameOrOperation`: a component schema name (with or without the
 * `tls-certificates-and-hostnames_` prefix), `'failure'`, or an operationId. For an
 * operationId, `status` 200 uses the operation's 200 schema; any other status uses
 * `api-response-common-failure` alone (P16: the declared 4XX schemas are unsatisfiable).
 * `request: true` validates the operation's request body instead. Options `relaxIds` (default
 * true) and `relaxCodeMinimum` (default false): see ajvFor.
 */
export function validator(nameOrOperation, { status = 200, request = false, relaxCodeMinimum = false, relaxIds = true } = {}) {
  const doc = loadAopSchema();
  if (!doc) return null;
  const ajv = ajvFor(relaxCodeMinimum, relaxIds);
  let schema;
  const ops = aopOperations();
  if (nameOrOperation === 'failure') schema = { $ref: `aop.json#/components/schemas/${FAILURE}` };
  else if (ops[nameOrOperation]) {
    const op = ops[nameOrOperation];
    if (request) schema = op.requestSchema ? rewriteRefs(op.requestSchema) : null;
    else if (status === 200) schema = rewriteRefs(op.responseSchema);
    else schema = { $ref: `aop.json#/components/schemas/${FAILURE}` };
    if (!schema) throw new Error(`${nameOrOperation} has no request body schema`);
  } else {
    const name = doc.components.schemas[nameOrOperation] ? nameOrOperation : `${PREFIX}${nameOrOperation}`;
    if (!doc.components.schemas[name]) throw new Error(`no schema or operation named ${nameOrOperation}`);
    schema = { $ref: `aop.json#/components/schemas/${name}` };
  }
  const fn = ajv.compile(schema);
  return (body) => {
    const valid = fn(body);
    return { valid, errors: valid ? [] : fn.errors };
  };
}

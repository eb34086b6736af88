/**
 * A small JSON Schema (2020-12) checker for the keywords `docs/cli-json.schema.json` uses, so the
 * tests need no validator package. A keyword it does not know is an error, not a pass: the schema
 * cannot grow a rule this checker would silently skip.
 */

type Schema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', '$defs']);
const KNOWN = new Set([...ANNOTATIONS, 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'oneOf', '$ref', 'minimum', 'pattern', 'items']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The ways `value` breaks `schema` (empty when it conforms), each with its JSON path.
 *
 * @example
 * ```ts
 * schemaErrors(schema, { t: -1 }); // ['$: matches none of oneOf', …]
 * ```
 */
export function schemaErrors(root: Schema, value: unknown, schema: Schema = root, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) if (!KNOWN.has(keyword)) throw new Error(`the checker does not know "${keyword}" (at ${path})`);
  const errors: string[] = [];
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Schema)[key], root) as Schema | undefined;
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    errors.push(...schemaErrors(root, value, target, path));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [...errors, `${path}: is ${actual}, not ${types.join(' or ')}`];
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: ${value} < ${schema.minimum}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${path}: lacks "${key}"`);
    for (const [key, child] of Object.entries(object)) {
      if (properties[key]) errors.push(...schemaErrors(root, child, properties[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: has "${key}", which the schema does not list`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...schemaErrors(root, item, schema.items as Schema, `${path}[${i}]`)));
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Schema[]).filter((option) => schemaErrors(root, value, option, path).length === 0);
    if (matching.length !== 1) errors.push(`${path}: matches ${matching.length} of oneOf, not exactly one`);
  }
  return errors;
}

import fastJson from 'fast-json-stringify';

/** A JSON schema as fast-json-stringify reads it (its own typings cover only a subset). */
export type Schema = { [keyword: string]: unknown };

/** Content type of the ready JSON bodies routes answer with. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A serializer compiled once from a JSON schema (fast-json-stringify, the
 * one Fastify uses for response schemas): no reflection over the value, and
 * only the schema's properties are written. Answers the body's bytes.
 */
export function compileJson<T>(schema: Schema): (value: T) => Buffer {
  const stringify = fastJson(schema as unknown as Parameters<typeof fastJson>[0]);
  return (value: T) => Buffer.from(stringify(value));
}

/** JSON schema pieces shared by the compiled response bodies. */
export const JSON_SCHEMA: {
  string: Schema;
  nullableString: Schema;
  number: Schema;
  integer: Schema;
  page: (item: Schema) => Schema;
} = {
  string: { type: 'string' },
  nullableString: { type: ['string', 'null'] },
  number: { type: 'number' },
  integer: { type: 'integer' },
  /** `{ items, total, page, pageSize }` of one page of `item`. */
  page: (item: Schema): Schema => ({
    type: 'object',
    required: ['items', 'total', 'page', 'pageSize'],
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      page: { type: 'integer' },
      pageSize: { type: 'integer' },
    },
  }),
};

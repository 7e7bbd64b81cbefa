import { loginAdmin, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Fuzz: every write route of the OpenAPI document (not a hand-kept list) gets
 * a body nested 5,000 levels deep and a body whose field holds a NUL
 * character; every query parameter of every read route gets a NUL. Each must
 * answer 400 problem+json, never 500.
 */
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const SOME_ID = '00000000-0000-4000-8000-000000000000';

function nested(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

describe('bad input on every route', () => {
  let t: TestApp;
  let admin: Session;
  let doc: OpenApiDocument;
  const writes: { method: (typeof WRITE_METHODS)[number]; path: string; field: string }[] = [];
  const queries: { path: string; name: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    doc = (await t.http.get('/api/docs/openapi.json')).body as OpenApiDocument;
    for (const [template, item] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, SOME_ID);
      for (const method of WRITE_METHODS) {
        const op = item[method];
        if (!op) continue;
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? doc.components.schemas[ref.split('/').pop() ?? ''] : undefined;
        const field = Object.keys(schema?.properties ?? {})[0] ?? 'note';
        writes.push({ method, path, field });
      }
      for (const p of item.get?.parameters ?? []) if (p.in === 'query') queries.push({ path, name: p.name });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the write routes in the OpenAPI document', () => {
    expect(writes.length).toBeGreaterThan(20);
    expect(writes).toContainEqual(expect.objectContaining({ method: 'post', path: '/api/v1/auth/login' }));
    expect(writes).toContainEqual(expect.objectContaining({ method: 'post', path: '/api/v1/patient/appointments' }));
    expect(queries.length).toBeGreaterThan(5);
  });

  it('answers 400 problem+json to a body nested 5,000 levels deep on every write route', async () => {
    const body = nested(5000);
    const answers: { route: string; status: number; type: string; code: unknown }[] = [];
    for (const { method, path } of writes) {
      const res = await t.http[method](path)
        .set('Authorization', admin.bearer)
        .set('Content-Type', 'application/json')
        .send(body);
      answers.push({
        route: `${method.toUpperCase()} ${path}`,
        status: res.status,
        type: String(res.headers['content-type']),
        code: res.body?.code,
      });
    }
    for (const a of answers) {
      expect({ route: a.route, status: a.status, problem: a.type.startsWith('application/problem+json') }).toEqual({
        route: a.route,
        status: 400,
        problem: true,
      });
      expect(a.code).toBe('body_too_deep');
    }
  });

  it('accepts 32 levels (then judges the body as usual) but refuses 33', async () => {
    const ok = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.c","password":"x","extra":${nested(31)}}`);
    expect(ok.status).toBe(400);
    expect(ok.body.code).toBe('validation_failed');
    const deep = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.c","password":"x","extra":${nested(32)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('body_too_deep');
  });

  it('answers 400 naming the field to a NUL character on every write route, nested fields included', async () => {
    for (const { method, path, field } of writes) {
      const res = await t.http[method](path)
        .set('Authorization', admin.bearer)
        .send({ [field]: 'abc\u0000def', nested: { list: [{ deep: 'x\u0000' }] } });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field, message: `${field} must not contain NUL characters` }]);
    }
    const inner = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.c', password: 'x', more: [{ deep: 'x\u0000' }] });
    expect(inner.status).toBe(400);
    expect(inner.body.errors[0].field).toBe('more[0].deep');
  });

  it('answers 400 naming the parameter to a NUL character in any query parameter or path', async () => {
    for (const { path, name } of queries) {
      const res = await t.http.get(`${path}?${encodeURIComponent(name)}=a%00b`).set('Authorization', admin.bearer);
      expect({ route: `GET ${path}?${name}`, status: res.status }).toEqual({
        route: `GET ${path}?${name}`,
        status: 400,
      });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].field).toBe(name);
    }
    const inPath = await t.http.get('/api/v1/jobs/a%00b').set('Authorization', admin.bearer);
    expect(inPath.status).toBe(400);
    expect(inPath.body.errors[0].field).toBe('path');
  });

  it('guards FHIR writes (application/fhir+json) the same way, answering OperationOutcome', async () => {
    for (const body of [nested(5000), '{"resourceType":"Appointment","status":"booked\\u0000"}']) {
      const res = await t.http
        .post('/fhir/Appointment')
        .set('Authorization', admin.bearer)
        .set('Content-Type', 'application/fhir+json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
  });
});

import { ModulesContainer } from '@nestjs/core';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every service, repository and query of the API has one owning module that
 * provides and exports it: a second `providers` entry would make a second
 * instance, with its own state and its own subscriptions.
 */
/** What Nest itself gives every module. */
const FRAMEWORK = new Set(['ModuleRef', 'ApplicationConfig']);

describe('module graph', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('provides each of our classes in exactly one module', async () => {
    const owners = new Map<string, string[]>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const [token, wrapper] of module.providers) {
        if (typeof token !== 'function' || token === module.metatype || !wrapper.metatype) continue;
        if (FRAMEWORK.has(token.name)) continue;

        owners.set(token.name, [...(owners.get(token.name) ?? []), module.metatype.name]);
      }
    }

    const twice = [...owners].filter(([, modules]) => modules.length > 1);
    expect(twice).toEqual([]);
  });
});

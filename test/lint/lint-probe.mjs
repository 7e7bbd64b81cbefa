// Lints source texts given on stdin ([{ filePath, code }]) with the repository's
// ESLint configuration, as if they sat at filePath, and prints the messages as
// JSON. Type information is switched off: the texts exist in no tsconfig.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const rules = new Set(process.argv.slice(2));
const eslint = new ESLint({
  cwd,
  ruleFilter: ({ ruleId }) => rules.size === 0 || rules.has(ruleId),
  overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { project: null } } },
});

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { filePath, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message })));
}
process.stdout.write(JSON.stringify(results));

const { ZxcvbnFactory } = require('@zxcvbn-ts/core');
const common = require('@zxcvbn-ts/language-common');
const z = new ZxcvbnFactory({ dictionary: { passwords: common.dictionary['passwords-common'] }, graphs: common.adjacencyGraphs });
const t0=Date.now();
for (const p of ['password1','Password123','patient-pass-1','admin-password-1','correct horse battery staple','iloveyou','qwertyuiop','12345678','doctor-pass-1','P@ssw0rd','letmein!','sunshine1','Demo-pass-2024','abcdefgh','zzzzzzzz','football']) {
  const r = z.check(p);
  console.log(p, r.score, r.guessesLog10.toFixed(1), r.sequence.map(s=>s.pattern+':'+(s.dictionaryName||'')+':'+s.token).join(' | '));
}
console.log(Date.now()-t0,'ms');
for (const p of ['another-pass','whatever-1','long-enough-1','pw-12345678','hunter22','fixture-pass-1','bones-pass-1','another-pass-1','reliability-pass-1','demo-pass-2026','qwerty123','monkey12','Summer2024','welcome1','changeme']) { const r=z.check(p); console.log(p, r.score); }

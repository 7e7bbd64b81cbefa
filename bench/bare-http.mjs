// The machine's ceiling: a bare node:http server answering every request with
// the same bytes the app returns for the doctor list. Usage: bare-http.mjs <port> <payload.json>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, payloadFile] = process.argv.slice(2);
const payload = readFileSync(payloadFile);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length };

const server = createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(payload);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`bare node:http on ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

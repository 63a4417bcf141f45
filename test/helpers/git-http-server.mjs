// A smart-HTTP Git server for tests: Debian's `git http-backend` (CGI) behind a small Node HTTP server.
// Run as a separate process: `node git-http-server.mjs <projectRoot> [token]`; prints `listening <port>`.
// With a token, every request must carry HTTP basic auth whose password (or username) is the token.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';

const [root, token] = process.argv.slice(2);
const BACKEND = process.env.GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';

function authorized(header) {
  if (!token) return true;
  if (!header?.startsWith('Basic ')) return false;
  const [user, pass] = Buffer.from(header.slice(6), 'base64').toString().split(':');
  return user === token || pass === token;
}

function parseCgiHead(head) {
  let status = 200;
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
    else headers[name] = value;
  }
  return { status, headers };
}

const server = createServer((req, res) => {
  if (!authorized(req.headers.authorization)) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized');
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  const cgi = spawn(BACKEND, [], {
    env: {
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_HTTP_RECEIVE_PACK: 'true',
      REMOTE_USER: 'tester',
      REQUEST_METHOD: req.method,
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
      PATH: process.env.PATH,
    },
  });
  req.pipe(cgi.stdin);
  let buffer = Buffer.alloc(0);
  let headDone = false;
  cgi.stdout.on('data', (chunk) => {
    if (headDone) return void res.write(chunk);
    buffer = Buffer.concat([buffer, chunk]);
    const end = buffer.indexOf('\r\n\r\n') >= 0 ? buffer.indexOf('\r\n\r\n') : buffer.indexOf('\n\n');
    if (end < 0) return;
    const sep = buffer[end] === 13 ? 4 : 2;
    const { status, headers } = parseCgiHead(buffer.subarray(0, end).toString());
    res.writeHead(status, headers);
    headDone = true;
    res.write(buffer.subarray(end + sep));
  });
  cgi.stderr.on('data', (d) => process.stderr.write(d));
  cgi.on('close', () => res.end());
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

import { barePython, VENV_PYTHON } from '../helpers/python';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Fixed code runs. The NET001 and LOG001 fixture outputs (tests/rules/network/
 * NET001_fix.fixed.py, tests/rules/logging/LOG001.fixed.py) are imported and
 * called against an HTTP server on 127.0.0.1 started here (NET001's by the
 * venv's python, which has httpx; LOG001's, plain stdlib, by both): the httpx client must get
 * the same answers the requests client was written for, and the log records
 * that replaced print() must carry the text print() wrote (shipped to the
 * server by logging's HTTPHandler).
 */
const ROOT = path.join(__dirname, '..');

interface Seen {
  method: string;
  url: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, obj: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(obj));
      };
      if (url.pathname === '/items' && req.method === 'GET') json(200, { items: [1, 2], query: Object.fromEntries(url.searchParams) });
      else if (url.pathname === '/old') json(301, {}, { location: '/items' });
      else if (url.pathname === '/items' && req.method === 'POST') json(201, { created: JSON.parse(body || 'null') }, { location: '/items/3' });
      else if (url.pathname === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`hello ${req.headers['x-client'] ?? ''}`);
      } else if (url.pathname === '/log') json(200, {});
      else json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Run python asynchronously (the server answers from this event loop). */
function python(py: string, cwd: string, script: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(py, ['-c', script, ...args], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', NO_PROXY: '*' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

function workdir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-run-'));
  for (const [name, src] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), src);
  return dir;
}

test('NET001: the httpx client made from the requests fixture talks to a real server', async () => {
  const dir = workdir({ 'netclient.py': fs.readFileSync(path.join(ROOT, 'rules/network/NET001_fix.fixed.py'), 'utf8') });
  const driver = `
import json, sys
import netclient
netclient.BASE = sys.argv[1]
out = {
    "fetch": netclient.fetch("/items", x="1"),
    "redirected": netclient.fetch("/old"),
    "create": list(netclient.create("/items", {"name": "n"})),
    "all": netclient.fetch_all(["/text", "/text"]),
    "missing": netclient.safe_fetch("/nope"),
}
netclient.BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
out["unreachable"] = netclient.safe_fetch("/items")
print(json.dumps(out))
`;
  try {
    const r = await python(VENV_PYTHON, dir, driver, [base]);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      fetch: { items: [1, 2], query: { x: '1' } },
      redirected: { items: [1, 2], query: {} },
      create: [201, '/items/3'],
      all: ['hello netfix', 'hello netfix'],
      missing: { error: 404 },
      unreachable: { error: 'unreachable' },
    });
    expect(seen.some((s) => s.method === 'POST' && JSON.parse(s.body).name === 'n')).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test.each([
  ['a bare python3', barePython()],
  ['the venv python', VENV_PYTHON],
])('LOG001 under %s: the log records say what print() said, shipped over HTTP by logging', async (_name, py) => {
  const original = fs.readFileSync(path.join(ROOT, 'rules/logging/LOG001.py'), 'utf8');
  const fixed = fs.readFileSync(path.join(ROOT, 'rules/logging/LOG001.fixed.py'), 'utf8');
  const dir = workdir({ 'printer.py': original, 'logger_mod.py': fixed });
  const driver = `
import contextlib, io, json, logging, logging.handlers, sys
from urllib.parse import urlparse

import printer, logger_mod

class Shipper(logging.handlers.HTTPHandler):
    def mapLogRecord(self, record):
        return {"level": record.levelname, "message": record.getMessage()}

url = urlparse(sys.argv[1])
handler = Shipper(url.netloc, "/log", method="POST")
root = logging.getLogger()
root.addHandler(handler)
root.setLevel(logging.INFO)

out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    printer.report([1, 2, 3], 1.5)
left = io.StringIO()
with contextlib.redirect_stdout(left), contextlib.redirect_stderr(left):
    n = logger_mod.report([1, 2, 3], 1.5)
print(json.dumps({"stdout": out.getvalue(), "stderr": err.getvalue(), "still_printed": left.getvalue(), "returned": n}))
`;
  try {
    const before = seen.length;
    const r = await python(py, dir, driver, [base]);
    expect(r.err).toBe('');
    const res = JSON.parse(r.out);
    const records = seen.slice(before).filter((s) => s.url === '/log').map((s) => Object.fromEntries(new URLSearchParams(s.body)));
    // every converted print: its text, at INFO (ERROR for stderr), in order
    const printedLines: string[] = res.stdout.split('\n');
    const converted = printedLines.slice(0, printedLines.indexOf('no newlinejoined 1 2 3'));
    expect(records.map((x) => x.message)).toEqual([...converted.slice(0, 6), 'warning: empty', ...converted.slice(6)]);
    expect(records.map((x) => x.level)).toEqual(['INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'ERROR', 'INFO', 'INFO', 'INFO']);
    expect(res.stderr).toBe('warning: empty\n');
    // the refused prints still print
    expect(res.still_printed).toBe('no newlinejoined 1 2 3\n[1, 2, 3]\n'); // and pprint() was never print()
    expect(res.returned).toBe(3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

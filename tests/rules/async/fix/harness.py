"""Run every coroutine of the module named on the command line against a loopback server; print the results as JSON."""
import asyncio
import http.server
import importlib.util
import json
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, code, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/data"):
            self._send(200, {"path": self.path})
        elif self.path == "/redirect":
            self._send(302, {}, [("Location", "/data")])
        else:
            self._send(404, {"error": "missing"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self._send(201, json.loads(self.rfile.read(length)))


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"

spec = importlib.util.spec_from_file_location("target", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
out = {}
for name in sys.argv[2:]:
    fn = getattr(mod, name)
    args = [base] if fn.__code__.co_argcount and fn.__code__.co_varnames[0] == "base" else ([0.2] if fn.__code__.co_argcount else [])
    try:
        result = asyncio.run(fn(*args))
        out[name] = repr(result)
    except Exception as exc:  # the test compares these too
        out[name] = f"raised {type(exc).__name__}"
print(json.dumps(out, sort_keys=True))
server.shutdown()

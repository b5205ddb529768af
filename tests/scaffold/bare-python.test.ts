import { execFileSync } from 'node:child_process';
import { barePython, SYSTEM_PYTHON } from '../helpers/python';

/**
 * Issue 21 item 15: the tests that check generated code "without its optional
 * packages" asserted that Debian's python3 lacks prometheus_client, aiosqlite
 * and pytest, and failed where python3-prometheus-client & co. are installed.
 * Their interpreter is now bare by construction; this checks it against what
 * this machine's python3 has installed beyond its standard library.
 */
const json = (python: string, code: string, ...args: string[]): unknown => JSON.parse(execFileSync(python, ['-c', code, ...args], { encoding: 'utf8', timeout: 60_000 }));

test("the bare interpreter imports none of the packages installed for the system's python3, and has no site folder but its own empty one", () => {
  // every top-level module of the system interpreter's site folders (Debian: /usr/lib/python3/dist-packages, /usr/local/lib/python3.X/dist-packages, the user's)
  const installed = json(
    SYSTEM_PYTHON,
    'import json, os, pkgutil, site\ndirs = [d for d in site.getsitepackages() + [site.getusersitepackages()] if os.path.isdir(d)]\nprint(json.dumps(sorted({m.name for m in pkgutil.iter_modules(dirs)})))',
  ) as string[];
  const python = barePython();
  expect(json(python, 'import json, sys, importlib.util as u\nprint(json.dumps([m for m in json.loads(sys.argv[1]) if u.find_spec(m)]))', JSON.stringify(installed))).toEqual([]);
  expect(json(python, 'import json, site, pkgutil\nprint(json.dumps([m.name for m in pkgutil.iter_modules(site.getsitepackages())]))')).toEqual([]);
  // and the modules the scaffold tests must run without, by name
  expect(json(python, 'import json, importlib.util as u\nprint(json.dumps([m for m in ("opentelemetry", "prometheus_client", "aiosqlite", "pytest", "httpx") if u.find_spec(m)]))')).toEqual([]);
});

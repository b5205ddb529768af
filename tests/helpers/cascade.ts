import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, tempProject } from './cli';

/**
 * A small project whose fixes cascade and include project-level ones: TYP001
 * and TYP002 leave the typing import unused (TYP003 removes it), NET001 moves
 * to httpx (then DEP001 declares httpx and DEP002 drops requests), SEC003
 * rewrites a shell call with shlex.split, and DEP002 drops the two
 * dependencies nothing imports (click on line 7, six on line 8). INT001,
 * TST001, MIG001, OBS001, OBS002 and BEN001 have no fix.
 */
export const CASCADE: Record<string, string> = {
  'pyproject.toml': `[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [
    "requests>=2",
    "click>=8",
    "six",
]
`,
  'app/__init__.py': '"""App."""\n',
  'app/net.py': `"""Net."""
import subprocess
from typing import Dict, Optional

import requests


def fetch(url: str, timeout: Optional[int] = None) -> Dict[str, str]:
    """Fetch."""
    return requests.get(url, timeout=timeout).json()


def run(cmd: str) -> int:
    """Run."""
    return subprocess.run(cmd, shell=True, check=False).returncode
`,
};

/** A copy of fixtures/sample-project (without a cache folder) in a temporary folder. */
export function sampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfsn-sample-'));
  fs.cpSync(path.join(ROOT, 'fixtures', 'sample-project'), dir, { recursive: true, filter: (src) => !src.includes('.rfsn-upgrade-cache') && !src.includes('__pycache__') });
  return dir;
}

export function cascadeCopy(): string {
  return tempProject(CASCADE);
}

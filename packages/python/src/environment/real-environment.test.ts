/**
 * Against a real virtualenv (Debian's python3-venv) and the Debian python3-* packages in
 * /usr/lib/python3/dist-packages: what preflight says is missing, the real interpreter fails to import,
 * and what it resolves, the interpreter imports. Skipped where those are not installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

const DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const hasVenv = spawnSync('/usr/bin/python3', ['-c', 'import venv, ensurepip'], { encoding: 'utf8' }).status === 0;
const hasYamlAndJwt = fs.existsSync(path.join(DIST_PACKAGES, 'yaml', '__init__.py')) && fs.existsSync(path.join(DIST_PACKAGES, 'jwt', '__init__.py'));

describe.skipIf(!hasVenv || !hasYamlAndJwt)('a real environment', () => {
  const lines = [
    'from yaml import safe_load',
    'from jwt import encode',
    'from jwt import encodex',
    'import jwt.algorithms',
    'import jwt.algorithmsx',
    'import json.decoder',
    'from json import loadz',
    'import json.decoderx',
    'import _socket',
    'from collections import OrderedDict',
    'from typing import Protocol',
  ];
  const root = writeRepo({ 'pyproject.toml': '[project]\nname = "t"\ndependencies = ["PyYAML", "PyJWT"]\n', 'app.py': `${lines.join('\n')}\n` });
  const made = spawnSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', path.join(root, '.venv')], { encoding: 'utf8' });

  it('finds the virtualenv and its version by itself', () => {
    expect(made.status).toBe(0);
    const { report } = check({ root, sitePackages: [DIST_PACKAGES] });
    expect(report.summary.python).toMatchObject({ environment: '.venv', version: expect.stringMatching(/^3\.\d+$/) });
  });

  it('every import-time error is an ImportError for the real interpreter, and every clean line imports', () => {
    const { report } = check({ root, sitePackages: [DIST_PACKAGES] });
    const failing = new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.line));
    expect([...failing].sort((a, b) => a - b)).toEqual([3, 5, 7, 8]);
    const python = path.join(root, '.venv', 'bin', 'python');
    lines.forEach((line, i) => {
      const run = spawnSync(python, ['-I', '-S', '-c', `import sys; sys.path[:0] = [${JSON.stringify(DIST_PACKAGES)}]\n${line}`], { encoding: 'utf8' });
      expect({ line, raised: run.status !== 0 }).toEqual({ line, raised: failing.has(i + 1) });
      if (run.status !== 0) expect(run.stderr).toMatch(/ImportError|ModuleNotFoundError/);
    });
  });
});

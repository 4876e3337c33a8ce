import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './evaluate-condition.js';

const linux311 = { version: [3, 11] as const, platform: 'linux' as const };
const win38 = { version: [3, 8] as const, platform: 'win32' as const };

describe('evaluateCondition', () => {
  it.each([
    ['sys.version_info >= (3, 11)', true, false],
    ['sys.version_info < (3, 11)', false, true],
    ['sys.version_info >= (3,)', true, true],
    ['sys.version_info[:2] >= (3, 9)', true, false],
    ['sys.version_info[0] == 2', false, false],
    ['sys.version_info[1] >= 10', true, false],
    ['sys.version_info.minor < 9', false, true],
    ['sys.version_info >= (3, 11, 0)', true, false],
    ['sys.platform == "win32"', false, true],
    ["sys.platform != 'win32'", true, false],
    ['sys.platform.startswith("linux")', true, false],
    ['sys.platform.startswith(("win", "cygwin"))', false, true],
    ['sys.platform in ("win32", "cygwin")', false, true],
    ['sys.platform not in ("win32", "cygwin")', true, false],
    ['os.name == "nt"', false, true],
    ['platform.system() == "Windows"', false, true],
    ['not (sys.version_info >= (3, 11))', false, true],
    ['os.name == "posix" and sys.platform == "darwin"', false, false],
    ['sys.platform == "win32" or sys.version_info >= (3, 10)', true, true],
  ])('%s', (condition, onLinux311, onWin38) => {
    expect(evaluateCondition(condition, linux311)).toBe(onLinux311);
    expect(evaluateCondition(condition, win38)).toBe(onWin38);
  });

  it.each(['DEBUG', 'sys.version_info >= MIN', 'HAS_FEATURE and sys.platform == "linux"', 'sys.implementation.name == "pypy"', 'foo()'])(
    'unknown: %s',
    (condition) => {
      expect(evaluateCondition(condition, linux311)).toBeUndefined();
    },
  );

  it('knows enough from one side of and/or', () => {
    expect(evaluateCondition('sys.platform == "win32" and HAS_X', linux311)).toBe(false);
    expect(evaluateCondition('sys.platform == "linux" or HAS_X', linux311)).toBe(true);
  });
});

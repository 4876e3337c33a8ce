import { describe, expect, it } from 'vitest';
import { writeRepo } from '@preflight/testkit';
import { check } from '../check.js';

describe('module graph', () => {
  const { graph } = check({
    root: writeRepo({
      'pkg/__init__.py': 'from . import views\n',
      'pkg/views.py': 'import os\nfrom pkg.models import Item\n',
      'pkg/models.py': 'class Item: pass\n',
      'main.py': 'from pkg import views, gone\nimport nothere.sub\nimport pkg.missing\n\ndef late():\n    import pkg.models\n',
    }),
  });

  it('has one node per module, with its kind and file; external and missing targets are leaves', () => {
    expect(graph.node('pkg')).toEqual({ kind: 'package', file: 'pkg/__init__.py' });
    expect(graph.node('pkg.views')).toEqual({ kind: 'module', file: 'pkg/views.py' });
    expect(graph.node('os')).toEqual({ kind: 'external' });
    expect(graph.node('nothere')).toEqual({ kind: 'external' });
    expect(graph.node('pkg.gone')).toBeUndefined();
  });

  it('answers who imports what, with the sites on each edge', () => {
    expect(graph.importsOf('main')).toEqual(['nothere', 'pkg', 'pkg.missing', 'pkg.models', 'pkg.views']);
    expect(graph.importersOf('pkg.models')).toEqual(['main', 'pkg.views']);
    expect(graph.sites('main', 'pkg')).toEqual([{ file: 'main.py', line: 1, scope: 'module', guarded: false, status: 'missing' }]);
    expect(graph.node('pkg.missing')).toEqual({ kind: 'missing' });
    expect(graph.sites('main', 'pkg.models')).toEqual([{ file: 'main.py', line: 6, scope: 'function', guarded: false, status: 'resolved' }]);
  });
});

/** `preflight graph`: every format, read back by the tools that consume it. */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runCli, writeRepo } from '@preflight/testkit';

const require = createRequire(import.meta.url);
const graphology = require('graphology');
const repo = () =>
  writeRepo({
    Procfile: 'web: uvicorn app.main:app\nworker: celery -A app.worker worker\n',
    'app/__init__.py': '', 'app/main.py': 'from app import routes\n', 'app/routes.py': 'from app.models import User\nfrom app.gone import X\n',
    'app/models.py': 'from app import routes\nclass User:\n    pass\n', 'app/worker.py': 'from app import jobs\nimport os\n', 'app/jobs.py': '',
  });

describe('preflight graph', () => {
  it('mermaid: nodes, edges, broken imports red, modules with errors marked', () => {
    expect(runCli(['graph', repo(), '--format', 'mermaid']).stdout).toBe([
      'flowchart LR', '  n0["app"]', '  n1["app.gone"]', '  n2["app.jobs"]', '  n3["app.main"]', '  n4["app.models"]', '  n5["app.routes (1 error)"]', '  n6["app.worker"]',
      // `from app import routes` imports the package and its submodule.
      '  n3 --> n0', '  n3 --> n5', '  n4 --> n0', '  n4 --> n5', '  n5 --> n1', '  n5 --> n4', '  n6 --> n0', '  n6 --> n2',
      '  classDef error stroke:#d00,color:#d00', '  class n1,n5 error', '  linkStyle 4 stroke:#d00,stroke-width:2px', '',
    ].join('\n'));
  });

  it('json with --focus/--depth/--reverse, --entry, --cycles and --collapse-packages', () => {
    const json = (...args: string[]) => JSON.parse(runCli(['graph', repo(), '--format', 'json', ...args]).stdout);
    const ids = (view: { nodes: { id: string }[] }) => view.nodes.map((n) => n.id);
    expect(ids(json('--focus', 'app.routes'))).toEqual(['app.gone', 'app.models', 'app.routes']);
    expect(ids(json('--focus', 'app.routes', '--reverse'))).toEqual(['app.main', 'app.models', 'app.routes']);
    expect(ids(json('--focus', 'app.main', '--depth', '3'))).toEqual(['app', 'app.gone', 'app.main', 'app.models', 'app.routes']);
    expect(ids(json('--entry', 'worker'))).toEqual(['app', 'app.jobs', 'app.worker']);
    expect(json('--cycles')).toEqual({ nodes: [expect.objectContaining({ id: 'app.models' }), expect.objectContaining({ id: 'app.routes', errors: 1 })], edges: [
      { from: 'app.models', to: 'app.routes', status: 'resolved', imports: 1 }, { from: 'app.routes', to: 'app.models', status: 'resolved', imports: 1 },
    ] });
    expect(json('--collapse-packages', '1')).toEqual({ nodes: [{ id: 'app', kind: 'package', file: 'app/__init__.py', errors: 1 }], edges: [] });
    expect(ids(json('--external'))).toContain('os');
    expect(runCli(['graph', repo(), '--entry', 'nope'])).toMatchObject({ exitCode: 2, stderr: 'preflight: error: no entry point `nope` (found: web, worker)\n' });
  });

  it.skipIf(spawnSync('dot', ['-V']).status !== 0)('dot: Graphviz renders it', () => {
    const dot = runCli(['graph', repo()]).stdout;
    expect(dot).toContain('"app.routes" -> "app.gone" [color=red, penwidth=2];');
    const rendered = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    expect(rendered.status, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain('<svg');
  });

  it('gexf and graphml read back with graphology', () => {
    const { parse: parseGexf } = require('graphology-gexf');
    const { parse: parseGraphml } = require('graphology-graphml');
    const { DOMParser } = require('@xmldom/xmldom');
    for (const [format, parse] of [['gexf', (text: string) => parseGexf(graphology.DirectedGraph, text)], ['graphml', (text: string) => parseGraphml(graphology.DirectedGraph, new DOMParser().parseFromString(text, 'application/xml'))]] as const) {
      const graph = parse(runCli(['graph', repo(), '--format', format]).stdout);
      expect(graph.order).toBe(7);
      expect(graph.size).toBe(8);
      expect(graph.hasEdge('app.routes', 'app.gone')).toBe(true);
      expect(graph.getEdgeAttribute('app.routes', 'app.gone', 'status')).toBe('missing');
    }
  });
});

/**
 * The diagrams are generated from the machines: `docs/diagrams/` must hold exactly what
 * `xtapi diagram` prints today, so a chart change that is not regenerated fails here.
 * Regenerate with: UPDATE_DIAGRAMS=1 npx vitest run test/src/cli/diagram-command.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGRAM_MACHINES, diagramCommand, renderDiagram } from '../../../src/cli/diagram-command.js';
import { callMachine } from '../../../machines/call.js';
import { readChart, chartStates } from '../../../src/inspect/diagram/chart.js';

const docs = new URL('../../../docs/diagrams/', import.meta.url);
const update = process.env.UPDATE_DIAGRAMS === '1';

/** The committed files: machine × format, plus the compact call chart the README shows. */
const FILES = [
  ...Object.keys(DIAGRAM_MACHINES).flatMap((machine) => [
    { file: `${machine}.mmd`, machine, format: 'mermaid' as const, compact: false },
    { file: `${machine}.dot`, machine, format: 'dot' as const, compact: false },
    { file: `${machine}.svg`, machine, format: 'svg' as const, compact: false },
  ]),
  { file: 'call-compact.mmd', machine: 'call', format: 'mermaid' as const, compact: true },
];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('docs/diagrams match the machines', () => {
  for (const { file, machine, format, compact } of FILES) {
    it(`${file} is "xtapi diagram --machine ${machine} --format ${format}${compact ? ' --compact' : ''}"`, async () => {
      const generated = await renderDiagram(machine, format, { compact });
      const path = new URL(file, docs);
      if (update) writeFileSync(path, generated);
      expect(existsSync(path), `${file} is missing: run with UPDATE_DIAGRAMS=1`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${file} no longer matches the ${machine} machine: run with UPDATE_DIAGRAMS=1`).toBe(generated);
    });
  }

  it('the README shows the compact call chart, as generated', () => {
    const readme = new URL('../../../README.md', import.meta.url);
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    const block = /```mermaid\n(---\ntitle: "call[\s\S]*?)```/.exec(text);
    expect(block, 'README.md has no ```mermaid block of the call chart').not.toBeNull();
    if (!block) return;
    expect(block[1]).toBe(readFileSync(new URL('call-compact.mmd', docs), 'utf8'));
  });
});

describe('what a diagram shows', () => {
  it('every state, with its description, and every transition label of the call chart', async () => {
    const mermaid = await renderDiagram('call', 'mermaid');
    const dot = await renderDiagram('call', 'dot');
    const chart = readChart(callMachine);
    for (const state of chartStates(chart)) {
      expect(dot).toContain(`<b>${state.key}</b>`);
      expect(mermaid).toMatch(new RegExp(`\\b${state.key}\\b`));
    }
    for (const t of chart.transitions) {
      const label = t.label.replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/\*/g, '\\*').replace(/\./g, '\\.');
      expect(dot, t.label).toMatch(new RegExp(label));
    }
    expect(dot).toContain('dialPending');
    expect(dot).toContain('PROVIDER_TIMEOUT');
    expect(dot).toContain('always [autoClear]');
    expect(dot).toContain('DROP [released]');
    expect(mermaid).toContain('state alerting {');
    expect(mermaid).toContain('The far end is being alerted');
  });

  it('a chart change shows in the diagram (the diagram is not a copy)', async () => {
    const changed = callMachine.root.machine.config;
    expect(changed.id).toBe('call');
    const before = await renderDiagram('call', 'mermaid');
    const original = callMachine.root.states.busy.description;
    (callMachine.root.states.busy as { description?: string }).description = 'Changed for the test.';
    try {
      expect(await renderDiagram('call', 'mermaid')).toContain('Changed for the test.');
    } finally {
      (callMachine.root.states.busy as { description?: string }).description = original;
    }
    expect(await renderDiagram('call', 'mermaid')).toBe(before);
  });

  it('the SVG is rendered offline and each state carries its class for highlighting', async () => {
    // Graphviz writes '-' in attributes as an entity; a browser reads it back as '-'.
    const svg = (await renderDiagram('call', 'svg', { compact: true })).replace(/&#45;/g, '-');
    expect(svg).toMatch(/^<\?xml|^<svg|<!DOCTYPE svg/);
    expect(svg).toContain('class="node state state-connected"');
    expect(svg).toContain('class="node state state-alerting-ringback"');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('xtapi diagram', () => {
  it('prints the call chart as Mermaid by default', async () => {
    const { io, out } = capture();
    expect(await diagramCommand([], io)).toBe(0);
    expect(out.join('\n') + '\n').toBe(await renderDiagram('call', 'mermaid'));
  });

  it('--machine line --format dot', async () => {
    const { io, out } = capture();
    expect(await diagramCommand(['--machine', 'line', '--format', 'dot'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/^\/\/ Generated from the line machine/);
  });

  it('refuses an unknown machine or format with status 2', async () => {
    for (const args of [['--machine', 'toString'], ['--format', 'png'], ['--nope']]) {
      const { io, err } = capture();
      expect(await diagramCommand(args, io)).toBe(2);
      expect(err.join('\n')).toMatch(/xtapi: /);
    }
  });
});

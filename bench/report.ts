import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Paired } from './figures.js';
import { spread, type Spread } from './stats.js';

export interface Target {
  /** ratio ≥ value (throughput), ratio ≤ value (latency), or the value itself ≤ value. */
  kind: 'ratio-min' | 'ratio-max' | 'value-max';
  value: number;
}

export interface Figure {
  name: string;
  unit: string;
  wx: Spread;
  raw?: Spread;
  /** wxdesk ÷ raw per round. */
  ratio?: Spread;
  target: Target;
  pass: boolean;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  /** 1-minute load average sampled through the run: how busy the machine was. */
  load: { start: number; mean: number; max: number; end: number };
  database: string;
}

export interface BenchResult {
  when: string;
  size: string;
  dialect: string;
  dataset: string;
  durationSec: number;
  machine: Machine;
  figures: Figure[];
}

export function ratioFigure(name: string, unit: string, p: Paired, target: Target): Figure {
  const ratio = spread(p.wx.map((w, i) => w / p.raw[i]!));
  const pass = target.kind === 'ratio-min' ? ratio.median >= target.value : ratio.median <= target.value;
  return { name, unit, wx: spread(p.wx), raw: spread(p.raw), ratio, target, pass };
}

export function valueFigure(name: string, unit: string, values: number[], max: number): Figure {
  const wx = spread(values);
  return { name, unit, wx, target: { kind: 'value-max', value: max }, pass: wx.max <= max };
}

const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const cell = (s: Spread | undefined, unit = '') => (s ? `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})` : '—');
const targetText = (t: Target) => (t.kind === 'ratio-min' ? `≥ ${t.value}×` : t.kind === 'ratio-max' ? `≤ ${t.value}×` : `≤ ${t.value}`);

function rows(r: BenchResult): string[][] {
  return r.figures.map((f) => [
    f.name,
    f.unit,
    cell(f.wx),
    cell(f.raw),
    f.ratio ? `${cell(f.ratio)}×` : '—',
    targetText(f.target),
    f.pass ? 'ok' : 'MISSED',
  ]);
}
const HEAD = ['figure', 'unit', 'wxdesk median (min–max)', 'raw median (min–max)', 'ratio median (min–max)', 'target', ''];

export function table(r: BenchResult): string {
  const all = [HEAD, ...rows(r)];
  // oxlint-disable-next-line typescript/no-misused-spread -- column widths in code points on purpose
  const width = HEAD.map((_, i) => Math.max(...all.map((row) => [...row[i]!].length)));
  // oxlint-disable-next-line typescript/no-misused-spread -- column widths in code points on purpose
  return all.map((row) => row.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join('  ')).join('\n');
}

export function markdown(r: BenchResult): string {
  const m = r.machine;
  return [
    `### ${r.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}: ${r.when.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Dataset: ${r.dataset}. Run took ${Math.round(r.durationSec)} s.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, ${m.database}.`,
    `Load average (1 min) during the run: start ${m.load.start.toFixed(2)}, mean ${m.load.mean.toFixed(2)}, max ${m.load.max.toFixed(2)}, end ${m.load.end.toFixed(2)} on ${m.cpus} cores.`,
    '',
    `| ${HEAD.map((h) => h || 'met').join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...rows(r).map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/** Samples the load average until stopped, to say how busy the machine was. */
export function loadSampler() {
  const samples = [os.loadavg()[0]!];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 5000);
  return () => {
    clearInterval(timer);
    samples.push(os.loadavg()[0]!);
    return {
      start: samples[0]!,
      mean: samples.reduce((a, b) => a + b, 0) / samples.length,
      max: Math.max(...samples),
      end: samples.at(-1)!,
    };
  };
}

export function machine(load: Machine['load'], database: string): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    load,
    database,
  };
}

export function writeJson(dir: string, r: BenchResult): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${r.when.replace(/[:.]/g, '-')}-${r.size}-${r.dialect}.json`);
  fs.writeFileSync(file, JSON.stringify(r, null, 2));
  return file;
}

/** Replaces this dialect's section of BENCHMARKS.md, keeping everything else as written. */
export function updateBenchmarksMd(file: string, r: BenchResult): void {
  const start = `<!-- bench:${r.dialect} -->`;
  const end = `<!-- /bench:${r.dialect} -->`;
  const block = `${start}\n${markdown(r)}${end}`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const at = text.indexOf(start);
  const next = at >= 0 ? text.slice(0, at) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

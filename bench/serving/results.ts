import { cpus, release, totalmem } from 'node:os';
import type { Measurement } from './load-test.ts';
import type { Memory } from './processes.ts';
import type { TargetName } from './targets.ts';

/** The JSON a run writes to bench/results/: everything the tables are made from. */

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export interface ServerRecord {
  readonly corpus: number;
  readonly target: TargetName;
  /** Spawn to first answer: Node and tsx start, corpus load, first query. */
  readonly readyMs: number;
  /** The corpus load alone (read, parse, validate, snapshot), timed inside the process. */
  readonly loadMs: number | null;
  readonly memoryReady: Memory | null;
  readonly memoryAfterLoadTest: Memory | null;
}

export interface ScenarioRecord {
  readonly corpus: number;
  readonly scenario: string;
  readonly target: TargetName;
  readonly measurement: Measurement;
}

export interface CorpusRecord {
  readonly articles: number;
  readonly hash: string;
  readonly generatedMs: number | null;
  readonly responseBytes: Record<string, number>;
}

export interface RunRecord {
  readonly date: string;
  readonly machine: Machine;
  readonly settings: Record<string, number>;
  readonly corpora: CorpusRecord[];
  readonly servers: ServerRecord[];
  readonly scenarios: ScenarioRecord[];
  totalSeconds: number;
  /** 1-minute load averages at the start and the end: above the core count, others were busy. */
  readonly loadAverage: { start: number; end: number };
  readonly notes: string[];
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
  };
}

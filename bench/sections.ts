import { audit } from './audit.bench';
import { azure } from './azure.bench';
import { core } from './core.bench';
import { exportBench } from './export.bench';
import { readers } from './readers.bench';
import { sessions } from './sessions.bench';
import { sync } from './sync.bench';
import { upstream } from './upstream.bench';
import { verifyBatch } from './verify-batch.bench';

/** A benchmark section: prints its own figures. Add yours to `sections`. */
export interface BenchSection {
  name: string;
  title: string;
  run(): Promise<void>;
}

export const sections: BenchSection[] = [core, readers, sync, verifyBatch, sessions, exportBench, azure, upstream, audit];

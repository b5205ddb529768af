import { workerData } from 'node:worker_threads';
import { initParser } from '../lang/python/parser';
import { allRules } from '../rules/registry';
import type { FileOptions } from '../core/rule';
import { serveBatches } from './pool';
import { checkOne, type FileJob } from './run';

/** A scan worker: its own parser, the same rules, batches of files in, results out. */
const { codes, options, maxFileSize } = workerData as { codes: string[]; options: FileOptions; maxFileSize: number };
const wanted = new Set(codes);
const rules = allRules().filter((r) => wanted.has(r.code));

serveBatches(initParser, (job: FileJob) => checkOne(job, rules, options, maxFileSize));

import { workerData } from 'node:worker_threads';
import { serveBatches } from '../engine/pool';
import { initParser } from '../lang/python/parser';
import { allRules } from '../rules/registry';
import type { FileOptions } from '../core/rule';
import { fixOne, policyFor, type FileJob } from './run';

/** A fix worker: its own parser and rules; batches of files in, fixed texts and findings out. */
const { codes, options, maxFileSize, unsafe, blocked } = workerData as { codes: string[]; options: FileOptions; maxFileSize: number; unsafe: boolean; blocked: string[] };
const wanted = new Set(codes);
const rules = allRules().filter((r) => wanted.has(r.code));
const policy = policyFor(unsafe, blocked);

serveBatches(initParser, (job: FileJob) => fixOne(job, rules, options, maxFileSize, policy));

import chalk from 'chalk';
import { readFile } from 'node:fs/promises';
import * as path from 'path';
import type { Request } from 'express';
import type { Thing } from 'undeclared-types';
import { helper } from './helper';
import lodash from 'lodash/fp';
const z = require('zod');
const dyn = import('@scope/missing/sub');

export function main(req: Request, t: Thing): void {
  process.stdout.write(chalk.red(String([readFile, path, helper, lodash, z, dyn, req, t])));
}

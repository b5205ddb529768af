import { checkFile, type FileResult } from '../../../src/engine/check';
import { initParser } from '../../../src/lang/python/parser';
import { SourceFile } from '../../../src/lang/python/source';
import { ruleByCode } from '../../../src/rules/registry';

export const DOC_CODES = ['DOC001', 'DOC002', 'DOC003', 'DOC004'];

/** Check an in-memory module with the given rules; `relPath` is its path under the project root /project. */
export async function checkText(text: string, relPath = 'pkg/mod.py', codes: string[] = DOC_CODES): Promise<FileResult> {
  await initParser();
  const file = new SourceFile(relPath, `/project/${relPath}`, text);
  try {
    return checkFile(file, codes.map((c) => ruleByCode(c)!), { targetMinor: 12, settings: { projectRoot: '/project' } });
  } finally {
    file.dispose();
  }
}

export function codesAndLines(r: FileResult): string[] {
  return r.findings.map((f) => `${f.line}:${f.code}`);
}

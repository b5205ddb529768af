import { fingerprints, SourceCache } from '../ci/baseline';
import { repoRoot } from '../ci/changed';
import { blobBase, headCommit } from '../ci/remote';
import { rootRelative } from '../report/paths';
import type { ReportContext } from '../report/types';

/**
 * What the reporters need besides the result, worked out here so that
 * report/ renders what it is given and reads neither the disk nor git: the
 * repository root that CI formats make paths relative to (the git root above
 * the cwd, else the cwd, unless one is given), the scanned files' text (each
 * read once, shared by every format of the run; a text from stdin as it
 * came) and the findings' baseline
 * fingerprints, made the first time a format asks for them, the commit
 * checked out (the dashboard's header) and where permalinks point (the
 * checklist), asked of git only by a format that needs them.
 */
export function reportInput<T extends Pick<ReportContext, 'result' | 'root'>>(ctx: T): T & Required<Pick<ReportContext, 'root' | 'source' | 'fingerprints' | 'commit' | 'blobBase'>> {
  const root = ctx.root ?? repoRoot();
  const cache = new SourceCache();
  for (const [p, text] of ctx.result.texts ?? []) cache.put(p, text);
  let fps: string[] | undefined;
  let commit: string | null | undefined;
  let base: string | null | undefined;
  return {
    ...ctx,
    root,
    commit: () => (commit === undefined ? (commit = headCommit()) : commit),
    blobBase: () => (base === undefined ? (base = blobBase(root)?.base ?? null) : base),
    source: (p) => cache.get(p),
    fingerprints: () => (fps ??= fingerprints(ctx.result.findings, (f) => rootRelative(root, f.path) ?? f.path, cache)),
  };
}

import type { ModuleFacts } from '../../lang/python/modules';
import { factsOf, projectAnchor } from '../../lang/python/project';
import type { ProjectContext } from '../../core/rule';

// The evidence itself (imports, folders, files) is in src/python/evidence.ts, which `status` reads too.

export function filesWithFacts(ctx: ProjectContext): Array<{ path: string; facts: ModuleFacts | undefined }> {
  return ctx.files.map((f) => ({ path: f.path, facts: factsOf(f) }));
}

/** Report a project-wide finding once: on pyproject.toml line 1, else on the first file scanned. */
export function reportOnProject(ctx: ProjectContext, message: string): void {
  const at = projectAnchor(ctx);
  if (at) ctx.report({ path: at, line: 1, message });
}

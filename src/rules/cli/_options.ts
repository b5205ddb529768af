/** What a CLI lacks, from its option strings (shared by CLI001's check and its fix). */
export function missingOptions(f: { groups: string[][]; versionAction: boolean }): string[] {
  const opts = new Set(f.groups.flat());
  const missing: string[] = [];
  if (!f.versionAction && !opts.has('--version')) missing.push('--version');
  if (!opts.has('--verbose') && !f.groups.some((g) => g.includes('-v') && !g.includes('--version'))) missing.push('-v/--verbose');
  if (!['--dry-run', '--dryrun', '--dry_run'].some((o) => opts.has(o))) missing.push('--dry-run');
  if (!['--output', '--format', '--output-format', '--json', '-o'].some((o) => opts.has(o))) missing.push('--output/--format');
  return missing;
}

import type { Command } from 'commander';
import { cleanCache, resolveCacheDir } from '../engine/cache';
import { loadConfig } from '../engine/config';

/**
 * `cache clean` removes the results cache (`.rfsn-upgrade-cache/` at the
 * project root, or `--cache-dir` / RFSN_UPGRADE_CACHE_DIR), but only a folder
 * that carries our CACHEDIR.TAG: a mistyped --cache-dir never deletes a
 * folder of the user's.
 */
export function register(program: Command): void {
  const cache = program.command('cache').description('manage the results cache (docs/cache.md)');
  cache
    .command('clean')
    .description('remove the results cache folder')
    .option('--cache-dir <dir>', 'the cache folder (default: RFSN_UPGRADE_CACHE_DIR, else .rfsn-upgrade-cache at the project root)')
    .action((flags: { cacheDir?: string }) => {
      let root = process.cwd();
      if (!flags.cacheDir && !process.env.RFSN_UPGRADE_CACHE_DIR) {
        try {
          root = loadConfig('.').projectRoot;
        } catch (err) {
          // a broken pyproject.toml must not stop a clean: the cwd is the root then
          process.stderr.write(`warning: ${(err as Error).message}; looking for the cache in the current folder\n`);
        }
      }
      const result = cleanCache(resolveCacheDir(root, flags.cacheDir));
      (result.refused ? process.stderr : process.stdout).write(`${result.message}\n`);
      process.exitCode = result.refused ? 2 : 0;
    });
}

import type { Command } from 'commander';
import { cleanCache, resolveCacheDir } from '../engine/cache';
import { loadConfig } from '../engine/config';
import { cleanReverted } from '../fix/reverted';

/**
 * `cache clean` removes the results cache (`.rfsn-upgrade-cache/` at the
 * project root, or `--cache-dir` / RFSN_UPGRADE_CACHE_DIR), but only a folder
 * that carries our CACHEDIR.TAG: a mistyped --cache-dir never deletes a
 * folder of the user's. `fix --verify`'s store of reverted fixes lives there
 * too and goes with it.
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
      const dir = resolveCacheDir(root, flags.cacheDir);
      // fix --verify's store first: the results cache's clean leaves alone what it did not write
      const reverted = cleanReverted(dir);
      if (reverted) process.stdout.write(`${reverted}\n`);
      const result = cleanCache(dir);
      (result.refused ? process.stderr : process.stdout).write(`${result.message}\n`);
      process.exitCode = result.refused ? 2 : 0;
    });
}

import fs from 'node:fs';
import path from 'node:path';
import { gitlabReporter } from '../../src/report/gitlab';
import { CI_PROJECT, copyProject, scanIn } from './_support';
import { joinChunks } from '../../src/report/stream';
import { reportInput } from '../../src/cli/report-input';

describe('GitLab Code Quality', () => {
  test('an issue per finding with severity mapped and a fingerprint that survives moving the code', async () => {
    const dir = copyProject(CI_PROJECT);
    const before = JSON.parse(joinChunks(gitlabReporter(reportInput({ result: await scanIn(dir), color: false, root: dir }))));
    expect(before).toHaveLength(12);
    expect(before[0]).toEqual({
      type: 'issue',
      check_name: 'SEC003',
      description: expect.stringMatching(/^SEC003: call with shell=True/),
      categories: ['Security'],
      severity: 'critical',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      location: { path: 'app/runner.py', lines: { begin: 8, end: 8 } },
    });
    expect(new Set(before.map((i: { severity: string }) => i.severity))).toEqual(new Set(['critical', 'minor']));
    expect(new Set(before.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(12);

    const file = path.join(dir, 'app/runner.py');
    fs.writeFileSync(file, `# two new lines\n\n${fs.readFileSync(file, 'utf8')}`);
    const after = JSON.parse(joinChunks(gitlabReporter(reportInput({ result: await scanIn(dir), color: false, root: dir }))));
    expect(after.map((i: { fingerprint: string }) => i.fingerprint).sort()).toEqual(before.map((i: { fingerprint: string }) => i.fingerprint).sort());
    expect(after[0].location.lines.begin).toBe(10);
  });
});

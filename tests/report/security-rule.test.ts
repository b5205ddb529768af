import { REPORTERS } from '../../src/report';
import { joinChunks } from '../../src/report/stream';
import type { Finding } from '../../src/core/finding';
import type { Rule } from '../../src/core/rule';
import type { ReportContext } from '../../src/report/types';
import { allRules } from '../../src/rules/registry';

/**
 * Issue 20: whether a finding is a security finding is the rule's own word
 * (`security`), not its code: SARIF's security-severity and GitLab's Security
 * category follow the rule the report is given, whatever its code.
 */
const rule = (code: string, security: boolean): Rule => ({ code, name: code.toLowerCase(), upgrade: 'U02', severity: 'high', summary: `${code} summary`, docs: '', ...(security ? { security } : {}) });
const finding = (code: string): Finding => ({ code, upgrade: 'U02', severity: 'high', message: 'm', path: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 2, fix: null });

// a user's rule that is a security finding under another code, and one whose code merely starts like the security group's
const ctx: ReportContext = {
  result: { files: 1, findings: [finding('ACME001'), finding('SECRETS001')], errors: [], rules: [rule('ACME001', true), rule('SECRETS001', false)] },
  color: false,
  root: process.cwd(),
  fingerprints: () => ['one', 'two'],
};

test('SARIF gives security-severity and the security tag to the rules that say they are security rules', () => {
  const sarif = JSON.parse(joinChunks(REPORTERS.sarif(ctx)));
  const props = Object.fromEntries(sarif.runs[0].tool.driver.rules.map((r: { id: string; properties: Record<string, unknown> }) => [r.id, r.properties]));
  expect(props.ACME001['security-severity']).toBe('8.0');
  expect(props.ACME001.tags).toContain('security');
  expect(props.SECRETS001['security-severity']).toBeUndefined();
  expect(props.SECRETS001.tags).toContain('maintainability');
});

test('GitLab files the findings of security rules under Security, the others under Style', () => {
  const issues = JSON.parse(joinChunks(REPORTERS.gitlab(ctx)));
  expect(issues.map((i: { check_name: string; categories: string[] }) => [i.check_name, i.categories])).toEqual([
    ['ACME001', ['Security']],
    ['SECRETS001', ['Style']],
  ]);
});

test('the security rules are the six of the security group, each with a CWE', () => {
  const security = allRules().filter((r) => r.security);
  expect(security.map((r) => r.code)).toEqual(['SEC001', 'SEC002', 'SEC003', 'SEC004', 'SEC005', 'SEC006']);
  expect(security.every((r) => typeof r.cwe === 'number')).toBe(true);
});

import { isSuppressed, parseSuppression, type NoqaVocabulary } from '../../src/core/suppression';
import { allRules, noqaVocabulary } from '../../src/rules/registry';

/**
 * Issue 20 item 6: core/suppression reads comments; what their codes mean
 * (our codes, other tools' aliases, bandit ids, what a bare `# nosec` covers)
 * is the rules' knowledge and comes in a vocabulary.
 */
describe('the noqa/nosec vocabulary is given to the parser', () => {
  const made: NoqaVocabulary = {
    isKnown: (s) => 'XYZ001'.startsWith(s),
    codesUnder: (p) => ['XYZ001'].filter((c) => c.startsWith(p)),
    aliases: new Map([['FOO9', ['XYZ001']]]),
    bandit: new Map([['B123', ['XYZ001']]]),
    nosecGroups: ['XYZ'],
  };

  test('a vocabulary made here decides what codes, aliases and nosec mean', () => {
    const alias = parseSuppression('# noqa: FOO9', made);
    expect(isSuppressed('XYZ001', alias.suppression!)).toBe(true);
    expect(alias.directives[0].codes).toEqual([expect.objectContaining({ text: 'FOO9', ours: ['XYZ001'] })]);
    expect(parseSuppression('# nosec', made).suppression).toEqual({ all: false, codes: ['XYZ'] });
    expect(isSuppressed('XYZ001', parseSuppression('# nosec B123', made).suppression!)).toBe(true);
    expect(parseSuppression('# nosec XYZ001', made).suppression).toEqual({ all: false, codes: ['XYZ001'] });
    // the rules' own codes mean nothing to this vocabulary
    const ours = allRules()[0].code;
    expect(parseSuppression(`# noqa: ${ours.replace(/\d+$/, '')}`, made).warning).toMatch(/names no rule code/);
  });

  test("the registry's vocabulary is the rules': every alias and bandit id a rule declares, a bare nosec over the groups bandit checks", () => {
    const v = noqaVocabulary();
    for (const r of allRules()) {
      for (const a of r.aliases ?? []) expect(v.aliases.get(a)).toContain(r.code);
      for (const b of r.nosec ?? []) expect(v.bandit.get(b)).toContain(r.code);
    }
    expect(v.nosecGroups).toEqual(['SEC']);
    // and it is what the parser reads when none is passed
    expect(parseSuppression('# nosec').suppression).toEqual({ all: false, codes: ['SEC'] });
  });
});

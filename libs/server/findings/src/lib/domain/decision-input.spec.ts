import { dismissalProblem, rewrite } from './decision-input';

describe('decision input', () => {
  it('a dismissal needs a reason from the fixed list, and "other" needs a note', () => {
    expect(dismissalProblem('false_positive', undefined)).toBeNull();
    expect(dismissalProblem('expected', '')).toBeNull();
    expect(dismissalProblem('suppressed', 'x')).toMatch(/reason must be one of/);
    expect(dismissalProblem('because', 'x')).toMatch(/reason must be one of/);
    expect(dismissalProblem('other', '   ')).toMatch(/note is required/);
    expect(dismissalProblem('other', 'customer told us')).toBeNull();
  });

  it('an approval may rewrite title and message; blanks keep the current wording', () => {
    expect(rewrite({ title: 'T', message: 'M' }, {})).toEqual({ title: 'T', message: 'M', changed: {} });
    expect(rewrite({ title: 'T', message: 'M' }, { title: '  New  ', message: ' ' })).toEqual({
      title: 'New',
      message: 'M',
      changed: { title: { from: 'T', to: 'New' } },
    });
  });
});

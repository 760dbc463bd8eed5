import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../src/core/analysis/analysis-service.ts';

describe("a title's mentions for story placement", () => {
  const titles = [
    'APT29 targets European ministries with WellMess (government, Europe, #12)',
    'Lazarus Group and TA505: Dridex at 203.0.113.5 and evil[.]example[.]com',
    '[TA505](/post "From Dridex to GlobeImposter") returns',
    '',
  ];

  it('are the mentions a full analysis of the title gives, right after its report or cold', () => {
    const view = AnalysisService.builtin().view('CLEAR');
    for (const title of titles) {
      const full = view.analyze({ text: title }).mentions;
      view.analyze({ text: `${title}\nAPT29 used WellMess against ministries.`, title });
      expect(view.mentions(title)).toEqual(full);
      expect(view.mentions(title)).toEqual(full);
    }
  });

  it('do not share objects with what the report analysis returned', () => {
    const view = AnalysisService.builtin().view('CLEAR');
    const title = titles[0]!;
    view.analyze({ text: 'APT29 used WellMess.', title });
    const first = view.mentions(title);
    first[0]!.canonical = 'changed';
    expect(view.mentions(title)[0]!.canonical).not.toBe('changed');
  });
});

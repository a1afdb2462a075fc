/** The recommendation's stability sentence, with draws and without (stability.draws 0). */
import { describe, expect, it } from 'vitest';
import type { StabilityResult } from '../../outputs/render-recommendation.ts';
import { stabilityText } from '../../outputs/render-recommendation.ts';

const base: StabilityResult = {
  p_approved: 0.875,
  median_rank: 3,
  rank_low: 2,
  rank_high: 5,
  flip_weight_shift: 0.12,
  flip_from: 'annual_openings',
  flip_to: 'median_wage',
  robust: false,
  draws: 1000,
  seed: 1,
};

describe('stabilityText', () => {
  it('reports the share of draws that keep the decision', () => {
    expect(stabilityText(base, true)).toContain('approved in 87.5% of 1,000 draws (rank 2–5)');
    expect(stabilityText(base, false)).toContain('left out in 12.5% of 1,000 draws');
  });

  it('says no draws were made rather than a share of none, keeping the exact weight shift', () => {
    const text = stabilityText({ ...base, p_approved: 1, robust: true, draws: 0 }, true);
    expect(text).toMatch(/^Stability not drawn \(stability\.draws is 0\); moving 0\.12 of weight/);
    expect(text).not.toContain('of 0 draws');
  });
});

/**
 * The calibrated config's selection must approve exactly the number the calibration found, under
 * the run's own rounding (half up of top_share × n): a share when that gives the count back, the
 * count itself otherwise.
 */
import { describe, expect, it } from 'vitest';
import { calibratedSelection } from '../../pipeline/calibrate.ts';
import { DEFAULT_CONFIG } from '../../pipeline/config.ts';
import { approvalCount } from '../../transforms/rank.ts';

describe('calibratedSelection', () => {
  it("approves Connecticut's 12 of 16 as the top 75%", () => {
    expect(calibratedSelection(DEFAULT_CONFIG.selection, 12, 16)).toMatchObject({
      method: 'top_share',
      top_share: 0.75,
    });
  });

  it('gives back every count of every framework size up to 60 under the run’s rounding', () => {
    for (let n = 1; n <= 60; n++) {
      for (let count = 0; count <= n; count++) {
        expect(approvalCount(calibratedSelection(DEFAULT_CONFIG.selection, count, n), n)).toBe(
          count,
        );
      }
    }
  });
});

/**
 * The recommendation's jobs and dollars, grouped in format.ts instead of by Intl.NumberFormat:
 * the same text as Intl gives, on the edge values and on 200,000 seeded values of every size.
 */
import { describe, expect, it } from 'vitest';
import { groupedDigits, messages } from '../../kernel/messages.ts';
import { fmt } from '../../outputs/format.ts';

const intlJobs = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const intlMoney = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

describe('jobs and dollars', () => {
  it('read as people write them', () => {
    expect(fmt.jobs(1917900)).toBe('1,917,900');
    expect(fmt.jobs(999.5)).toBe('1,000');
    expect(fmt.jobs(-2.5)).toBe('-2');
    expect(fmt.jobs(-0.3)).toBe('-0');
    expect(fmt.jobs(123)).toBe('123');
    expect(fmt.jobs(null)).toBe('n/a');
    expect(fmt.money(68432.5)).toBe('$68,433');
    expect(fmt.money(-2.5)).toBe('-$3');
    expect(fmt.money(-0.3)).toBe('-$0');
    expect(fmt.money(0)).toBe('$0');
    expect(fmt.money(1e21)).toBe('$1,000,000,000,000,000,000,000');
    expect(fmt.money(null)).toBe('n/a');
  });

  it('are the text Intl.NumberFormat gives, digit for digit', () => {
    // A fixed linear congruential sequence: the same 200,000 values every run.
    let seed = 20261206;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 999.5, 0.49999999999999994, 1e15, -1e15];
    for (let i = 0; i < 200_000; i++) {
      const v = (next() - 0.3) * 10 ** Math.floor(next() * 16);
      values.push(
        i % 3 === 0 ? Math.round(v * 100) / 100 : i % 5 === 0 ? Math.round(v * 2) / 2 : v,
      );
    }
    const jobs = values.filter((v) => fmt.jobs(v) !== intlJobs.format(Math.round(v)));
    const money = values.filter((v) => fmt.money(v) !== intlMoney.format(v));
    expect({ jobs, money }).toEqual({ jobs: [], money: [] });
  });
});

describe("messages' figures", () => {
  it('are grouped as toLocaleString groups them, whole numbers without ICU and fractions by it', () => {
    const note = (n: number) => messages.detailCoverageOk('f.csv', 'CA', n, 1);
    expect(note(1315170)).toContain('add up to 1,315,170 jobs');
    expect(note(-1234)).toContain('add up to -1,234 jobs');
    expect(note(-0)).toContain('add up to -0 jobs');
    expect(note(1234.5678)).toContain('add up to 1,234.568 jobs');
    expect(note(1e21)).toContain('add up to 1,000,000,000,000,000,000,000 jobs');
    expect(groupedDigits(100)).toBe('100');
    expect(groupedDigits(1000)).toBe('1,000');
    // Every whole number the fast path takes, at each digit count: the text toLocaleString gives.
    const wholes = [0, -0, 7, -7];
    for (let d = 1; d < 16; d++) {
      wholes.push(10 ** d - 1, 10 ** d, -(10 ** d) + 1, 10 ** d + 12_345);
    }
    const differ = wholes.filter(
      (n) => !note(n).includes(`add up to ${n.toLocaleString('en-US')} jobs`),
    );
    expect(differ).toEqual([]);
  });
});

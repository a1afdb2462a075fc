/** The states of a multi-state run whose approved list differs from the common one. */
import { expect, it } from 'vitest';
import { stateDifferences } from '../../pipeline/state-differences.ts';

it('names each state off the most common list, with what it adds and drops', () => {
  const lists = [
    { area: 'Colorado', framework: 'legacy16', approved: ['Health Science', 'Finance'] },
    { area: 'Kansas', framework: 'legacy16', approved: ['Finance', 'Health Science'] },
    { area: 'Connecticut', framework: 'legacy16', approved: ['Health Science', 'Manufacturing'] },
    { area: 'Colorado', framework: 'acte2024', approved: ['Digital Technology'] },
  ];
  expect(stateDifferences(lists)).toEqual([
    {
      framework: 'legacy16',
      area: 'Connecticut',
      added: ['Manufacturing'],
      dropped: ['Finance'],
      common: 2,
      states: 3,
    },
  ]);
});

/**
 * In a run of several states (a Projections Central file of every state), the states whose
 * approved list differs from the one most states share, per framework: what a reader of a
 * fifty-state run looks for first.
 */

/** One state's approved list in one framework. */
export interface StateList {
  area: string;
  framework: string;
  approved: string[];
}

export interface StateDifference {
  framework: string;
  area: string;
  /** Clusters this state approves that the common list does not, and the other way round. */
  added: string[];
  dropped: string[];
  /** How many states share the common list. */
  common: number;
  states: number;
}

/**
 * Per framework, the most common approved list (ties: the first in area order) and each state
 * whose list is not it. Empty with fewer than two states.
 */
export function stateDifferences(lists: readonly StateList[]): StateDifference[] {
  const out: StateDifference[] = [];
  const frameworks = [...new Set(lists.map((l) => l.framework))];
  for (const framework of frameworks) {
    const states = lists.filter((l) => l.framework === framework);
    if (states.length < 2) continue;
    const key = (l: StateList) => [...l.approved].sort().join('\u0000');
    const counts = new Map<string, number>();
    for (const l of states) counts.set(key(l), (counts.get(key(l)) ?? 0) + 1);
    let modal = key(states[0] as StateList);
    for (const l of states)
      if ((counts.get(key(l)) ?? 0) > (counts.get(modal) ?? 0)) modal = key(l);
    const common = new Set(modal === '' ? [] : modal.split('\u0000'));
    for (const l of states) {
      if (key(l) === modal) continue;
      const mine = new Set(l.approved);
      out.push({
        framework,
        area: l.area,
        added: l.approved.filter((c) => !common.has(c)).sort(),
        dropped: [...common].filter((c) => !mine.has(c)).sort(),
        common: counts.get(modal) ?? 0,
        states: states.length,
      });
    }
  }
  return out;
}

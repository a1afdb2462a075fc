/** `clusterfit explain CLUSTER`: why a cluster of a finished run is in or out. */

import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { Database } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { loadExplanations } from '../outputs/load-explanations.ts';
import { renderExplanation } from '../outputs/render-explanation.ts';
import { runDatabase } from './finished-run.ts';

export interface ExplainOptions {
  cluster: string;
  out: string;
  db?: string;
  framework?: string;
  area?: string;
}

/** Returns the text to print; the cluster name may be any unambiguous part of it. */
export async function explain(opts: ExplainOptions): Promise<string> {
  const path = runDatabase(opts.db ?? opts.out);
  const db = await Database.open(path);
  try {
    const all = (await loadExplanations(db)).filter(
      (e) =>
        (opts.framework === undefined || e.result.framework === opts.framework) &&
        (opts.area === undefined || e.result.area_code === opts.area),
    );
    const wanted = opts.cluster.toLowerCase();
    const exact = all.filter((e) => e.result.cluster.toLowerCase() === wanted);
    const matches =
      exact.length > 0 ? exact : all.filter((e) => e.result.cluster.toLowerCase().includes(wanted));
    const names = [...new Set(matches.map((e) => e.result.cluster))];
    if (names.length === 0) {
      throw new CliError(
        messages.explainNoCluster(
          opts.cluster,
          [...new Set(all.map((e) => e.result.cluster))].sort(),
        ),
        ExitCode.usage,
      );
    }
    if (names.length > 1)
      throw new CliError(messages.explainAmbiguous(opts.cluster, names), ExitCode.usage);
    return matches
      .map((e) => {
        const n = all.filter(
          (x) =>
            x.result.area_code === e.result.area_code &&
            x.result.vintage === e.result.vintage &&
            x.result.framework === e.result.framework,
        ).length;
        return renderExplanation(e, n);
      })
      .join('\n');
  } finally {
    db.close();
  }
}

/**
 * Data loader (Observable Framework runs it with tsx): one JSON file with everything the pages
 * show of the chosen run (CLUSTERFIT_RUN, or a run made here; see notebooks/lib/notebook-runs.ts)
 * and its comparison with a second run. It calls the project's own modules; it computes nothing.
 */
import { messages } from '../../../kernel/messages.ts';
import { notebookRuns } from '../../lib/notebook-runs.ts';
import { type ComparisonData, loadComparison, loadRunData } from '../../lib/run-data.ts';

const runs = await notebookRuns(process.env);
const data = await loadRunData(runs.main, runs.dataDir);
let comparison: ComparisonData | null = null;
if (runs.compare === null) {
  process.stderr.write(`${messages.notebookNoComparison}\n`);
} else {
  try {
    comparison = await loadComparison(runs.main, runs.compare);
  } catch (error) {
    process.stderr.write(`${messages.notebookCompareFailed((error as Error).message)}\n`);
  }
}
process.stdout.write(JSON.stringify({ ...data, comparison }));

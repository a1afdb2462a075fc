/**
 * A published table whose shape the config does not decide: its model
 * (transforms/models/publish/pub_<name>.sql) creates pub_<name>, rounded and in the order it is
 * written, and its CSV is written from it (when the run writes CSV), as publish writes every
 * table.
 */
import { outputFormats } from '../../kernel/config-types.ts';
import type { RunContext } from '../../kernel/run-context.ts';
import { type PublishedTable, publishTable } from '../../outputs/published-table.ts';
import { writeCsv } from '../../outputs/write-csv.ts';
import { runModels } from '../../transforms/run-models.ts';

/** Runs publish/pub_<name>.sql and writes <name>.csv from it. */
export async function publishModel(
  ctx: RunContext,
  name: string,
  columns: readonly string[],
): Promise<PublishedTable> {
  await runModels(ctx.db, [`publish/pub_${name}`]);
  const table = await publishTable(ctx.db, name, columns);
  if (outputFormats(ctx.config).has('csv')) {
    await writeCsv(ctx.db, ctx.out.path(`${name}.csv`), table);
  }
  return table;
}

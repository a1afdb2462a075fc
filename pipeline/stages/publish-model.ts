/**
 * A published table whose shape the config does not decide: its model
 * (transforms/models/publish/pub_<name>.sql) creates pub_<name>, rounded and in the order it is
 * written, and its CSV is written from it (when the run writes CSV), as publish writes every
 * table.
 */
import { outputFormats } from '../../kernel/config-types.ts';
import type { RunContext } from '../../kernel/run-context.ts';
import { describeSqlTable, type SqlTable, writeCsvFromSql } from '../../outputs/sql-table.ts';
import { runModels } from '../../transforms/run-models.ts';

/** Runs publish/pub_<name>.sql and writes <name>.csv from it. */
export async function publishModel(
  ctx: RunContext,
  name: string,
  columns: readonly string[],
): Promise<SqlTable> {
  await runModels(ctx.db, [`publish/pub_${name}`]);
  const table = await describeSqlTable(ctx.db, name, `pub_${name}`, columns);
  if (outputFormats(ctx.config).has('csv')) {
    await writeCsvFromSql(ctx.db, ctx.out.path(`${name}.csv`), table);
  }
  return table;
}

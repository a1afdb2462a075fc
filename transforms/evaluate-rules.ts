/**
 * Evaluates the occupation rules (mart_occupation_rules) where a config's SQL cannot reach
 * outside the run. A rule expression is SQL a colleague may have e-mailed: it runs in a separate
 * in-memory DuckDB created with file and network access off, extensions neither installed nor
 * loaded, and its settings locked (Database.openLocked), holding nothing but a copy of the
 * occupation columns a rule may use. The run's own database keeps the file access it needs
 * (read_csv of inputs, COPY to publish) and never runs a rule's text.
 *
 * Before anything runs, each test is parsed by DuckDB (json_serialize_sql) and must be one
 * expression over the occupation columns: one statement, no subquery, no call that reads the
 * engine's settings. The locked database is the guarantee; the parse gives the clear message.
 */
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { type CompiledRule, RULE_COLUMNS } from './rules.ts';

/** The one relation a rule reads, in the locked database. */
const FACTS = 'int_occupation_facts';

/** Scalar functions that read the engine or the machine rather than the occupation. */
const REFUSED_FUNCTIONS = new Set([
  'current_setting',
  'getenv',
  'current_query',
  'current_database',
  'current_schema',
  'current_schemas',
  'version',
]);

const RULES_DDL = `create or replace table mart_occupation_rules (area_code varchar,
  vintage varchar, soc_code varchar, rule varchar, flag boolean, class varchar)`;

/**
 * Builds mart_occupation_rules in `db` (one row per area × vintage × occupation × rule) from
 * int_occupation_facts, evaluating every rule in a locked in-memory database. A rule that is not
 * one expression, or fails, stops the run (exit 2) with a message naming its id.
 */
export async function evaluateRules(
  db: Database,
  rules: readonly CompiledRule[],
  configFile: string | null,
): Promise<void> {
  if (rules.length === 0) {
    await db.exec(RULES_DDL);
    return;
  }
  const locked = await Database.openLocked();
  try {
    const columns = ['area_code', 'vintage', ...RULE_COLUMNS].map(sqlIdent).join(', ');
    await db.copyTo(locked, `select ${columns} from ${FACTS}`, FACTS);
    const where = (i: number) => messages.rulePlace(configFile, i);
    for (const [i, rule] of rules.entries()) {
      await checkExpression(locked, where(i), rule.id, rule.flagSql);
      if (rule.classSql !== null) await checkExpression(locked, where(i), rule.id, rule.classSql);
    }
    await locked.exec(RULES_DDL);
    for (const [i, rule] of rules.entries()) {
      await evaluate(locked, where(i), rule);
    }
    await locked.copyTo(db, 'select * from mart_occupation_rules', 'mart_occupation_rules');
  } finally {
    locked.close();
  }
}

/** Inserts one rule's flags (and classes); an error names the rule. */
async function evaluate(locked: Database, where: string, rule: CompiledRule): Promise<void> {
  try {
    await locked.exec(`insert into mart_occupation_rules
      select area_code, vintage, soc_code, ${sqlString(rule.id)} as rule,
        coalesce((${rule.flagSql}), false)::boolean as flag,
        ${rule.classSql === null ? 'null' : `(${rule.classSql})`}::varchar as class
      from ${FACTS}`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const detail = (error as Error).message.split('\n')[0] ?? '';
    throw new CliError(messages.ruleInvalid(where, rule.id, rule.flagSql, detail), ExitCode.usage);
  }
}

interface SelectNode {
  type?: string;
  select_list?: unknown[];
  from_table?: { type?: string; table_name?: string; schema_name?: string; catalog_name?: string };
  where_clause?: unknown;
  group_expressions?: unknown[];
  having?: unknown;
  qualify?: unknown;
  sample?: unknown;
  modifiers?: unknown[];
  cte_map?: { map?: unknown[] };
}

/**
 * Stops the run unless `sql` is a single expression over the occupation columns: DuckDB parses
 * `select (<sql>) from int_occupation_facts`, and the tree must be exactly that, with no
 * subquery anywhere inside and no call of REFUSED_FUNCTIONS.
 */
export async function checkExpression(
  locked: Database,
  where: string,
  id: string,
  sql: string,
): Promise<void> {
  const refuse = (problem: string): never => {
    throw new CliError(messages.ruleNotAnExpression(where, id, sql, problem), ExitCode.usage);
  };
  if (/;|--|\/\*/.test(sql)) refuse('it holds ";" or a comment');
  const text = `select (${sql}) from ${FACTS}`;
  const [json] = await locked.firstRow(`select json_serialize_sql(${sqlString(text)})`);
  const tree = JSON.parse(String(json)) as {
    error?: boolean;
    error_message?: string;
    statements?: unknown[];
  };
  if (tree.error) refuse(`it does not parse (${tree.error_message ?? 'syntax error'})`);
  const statements = tree.statements ?? [];
  if (statements.length !== 1) refuse('it is more than one statement');
  const node = (statements[0] as { node?: SelectNode }).node ?? {};
  const from = node.from_table ?? {};
  const plain =
    node.type === 'SELECT_NODE' &&
    node.select_list?.length === 1 &&
    from.type === 'BASE_TABLE' &&
    from.table_name === FACTS &&
    !from.schema_name &&
    !from.catalog_name &&
    node.where_clause == null &&
    node.having == null &&
    node.qualify == null &&
    node.sample == null &&
    (node.group_expressions ?? []).length === 0 &&
    (node.modifiers ?? []).length === 0 &&
    (node.cte_map?.map ?? []).length === 0;
  if (!plain) refuse('it is not a single expression (it closes the parentheses around it)');
  const problem = findRefused(node.select_list?.[0]);
  if (problem !== null) refuse(problem);
}

/** The first thing in an expression tree a rule may not do, or null. */
function findRefused(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findRefused(child);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  const n = node as Record<string, unknown>;
  if (n.class === 'SUBQUERY' || n.type === 'SUBQUERY') {
    return 'it holds a subquery (a rule reads only its own occupation row)';
  }
  if (n.class === 'FUNCTION' && typeof n.function_name === 'string') {
    const name = n.function_name.toLowerCase();
    if (REFUSED_FUNCTIONS.has(name) || name.startsWith('duckdb_') || name.startsWith('pragma_')) {
      return `it calls ${name}(), which reads the engine or the machine, not the occupation`;
    }
  }
  for (const value of Object.values(n)) {
    const found = findRefused(value);
    if (found !== null) return found;
  }
  return null;
}

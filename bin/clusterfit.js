#!/usr/bin/env node
// Launcher: the CLI is TypeScript run through tsx's loader, so there is no build step between
// a clone and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));

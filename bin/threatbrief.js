#!/usr/bin/env node
// Entry point for `npx threatbrief`: Node runs the TypeScript sources directly (type stripping).
import { runCli, terminalIO } from '../src/cli.ts';

process.exitCode = await runCli(process.argv.slice(2), terminalIO());

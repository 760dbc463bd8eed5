#!/usr/bin/env node
// Entry point for `npx threatbrief`: Node runs the TypeScript sources directly (type stripping).
// Plain JavaScript that any Node can parse, so an older Node gets one clear line instead of
// ERR_UNKNOWN_FILE_EXTENSION; the sources are imported only once the version is known to fit.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `threatbrief needs Node.js 24 or newer, and this is ${process.version}. Run it through npm in the project folder (npm start, npm exec threatbrief -- COMMAND), which uses the Node 24 that npm install put in node_modules/.bin, or install Node 24 and put it first on PATH.\n`,
  );
  process.exit(2);
}
// Reuse compiled code across runs (Node keeps it in the OS temp folder): a cold command spends
// most of its time compiling modules. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { runCli, terminalIO } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), terminalIO());

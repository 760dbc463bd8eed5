/** @module A worker thread that opens (and so migrates) a SQLite store when the gate opens: a replica racing the others. */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDatabase } from '../../src/store/sqlite/database.ts';

const { path, gate } = workerData as { path: string; gate: SharedArrayBuffer };
const flag = new Int32Array(gate);
parentPort!.postMessage('ready');
// Every worker blocks here until the test opens the gate, so the opens really overlap.
Atomics.wait(flag, 0, 0);
try {
  SqliteDatabase.open(path).close();
  parentPort!.postMessage('opened');
} catch (error) {
  parentPort!.postMessage(`failed: ${(error as Error).message}`);
}

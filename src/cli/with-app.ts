/** @module Opens the app for one command and always closes it, so the database is never left open. */
import { type App, openApp } from '../main.ts';
import type { CliIO } from './command.ts';

export async function withApp<T>(
  io: CliIO,
  db: string | undefined,
  work: (app: App) => Promise<T>,
): Promise<T> {
  const app = await openApp({ ...io.overrides, db: db ?? io.overrides?.db });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** @module Runs once before every test file: builds the shared examples database. */
import type { TestProject } from 'vitest/node';
import { buildDb, EXAMPLES } from './support/build-db.ts';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('examplesTemplate', await buildDb([EXAMPLES]));
}

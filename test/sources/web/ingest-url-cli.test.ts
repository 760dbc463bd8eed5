/** `threatbrief ingest URL`: pages, PDFs-or-JSON by content type, each address its own result, limits applied. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage } from '../../fakes/feed-documents.ts';
import { FakeWebServer } from '../../fakes/web-server.ts';
import { cli, tempDb } from '../../support/cli.ts';

describe('threatbrief ingest URL', () => {
  let server: FakeWebServer;
  beforeAll(async () => {
    server = await FakeWebServer.start();
    server
      .route('/article', {
        body: articlePage('Copper Wren in ports', 'Copper Wren', 5),
        type: 'text/html',
      })
      .route('/bundle', {
        body: readFileSync('test/fixtures/ingest/bundle-two-reports.json'),
        type: 'application/stix+json;version=2.1',
      })
      .route('/big', { body: 'z'.repeat(300_000), type: 'text/html' })
      .route('/moved', { status: 301, headers: { location: '/article' } });
  });
  afterAll(() => server.close());

  it('stores pages and STIX bundles from addresses next to files, one result each', async () => {
    const run = cli(tempDb(), { ALLOW_PRIVATE_SOURCES: '1', FETCH_MAX_BYTES: '100KB' });
    const result = await run(
      'ingest',
      server.url('/article'),
      server.url('/bundle'),
      'test/fixtures/ingest/plain-note.txt',
      server.url('/big'),
      server.url('/moved'),
      '--json',
    );
    expect(result.code).toBe(1);
    const summary = result.json();
    expect(summary.ingested).toBe(4);
    expect(summary.duplicates).toBe(1);
    expect(summary.rejected).toEqual([
      {
        path: server.url('/big'),
        code: 'too_large',
        error: expect.stringContaining('over the 100.0 KB limit (FETCH_MAX_BYTES)'),
      },
    ]);
  });

  it('refuses a loopback address by default', async () => {
    const run = cli(tempDb());
    const before = server.hits('/article').length;
    const result = await run('ingest', server.url('/article'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /rejected +http:\/\/127\.0\.0\.1:\d+\/article: .*loopback address/,
    );
    expect(server.hits('/article')).toHaveLength(before);
  });
});

/** @module The source jobs `serve` runs, from configuration: feed polls, TAXII pulls, catalog sync (each off when its cron is "off"). */
import { catalogEntriesFromJson } from '../cli/catalog.ts';
import { ThreatBriefError } from '../core/errors.ts';
import type { App } from '../main.ts';
import type { NamedJob } from '../schedule/source-jobs.ts';
import { syncCatalogs } from '../sources/catalog/catalog-sync.ts';
import { pollFeeds } from '../sources/feeds/feed-poller.ts';
import { pullCollections } from '../sources/taxii/taxii-poller.ts';

/** The jobs, with each cron checked first so a typo stops `serve` with the variable's name. */
export function sourceJobsFor(app: App): NamedJob[] {
  const jobs = configuredJobs(app);
  for (const [variable, cron] of [
    ['FEED_POLL_CRON', app.config.FEED_POLL_CRON],
    ['TAXII_POLL_CRON', app.config.TAXII_POLL_CRON],
    ['CATALOG_SYNC_CRON', app.config.CATALOG_SYNC_CRON],
  ] as const) {
    const problem = cron ? app.calendar.problem(cron) : null;
    if (problem) throw new ThreatBriefError('config', `${variable} "${cron}": ${problem}`);
  }
  return jobs;
}

function configuredJobs(app: App): NamedJob[] {
  const { config, sources } = app;
  const jobs: NamedJob[] = [];
  if (config.FEED_POLL_CRON)
    jobs.push({
      name: 'feed-poll',
      cron: config.FEED_POLL_CRON,
      async run() {
        const results = await pollFeeds(sources, { dueOnly: true });
        const stored = results.reduce((n, r) => n + r.stored, 0);
        const failed = results.filter((r) => r.status === 'failed').length;
        return `${results.length} feeds polled, ${stored} reports stored, ${failed} failed`;
      },
    });
  if (config.TAXII_POLL_CRON)
    jobs.push({
      name: 'taxii-pull',
      cron: config.TAXII_POLL_CRON,
      async run() {
        const results = await pullCollections(sources, { dueOnly: true });
        const stored = results.reduce((n, r) => n + r.stored, 0);
        const failed = results.filter((r) => r.status === 'failed').length;
        return `${results.length} collections pulled, ${stored} reports stored, ${failed} failed`;
      },
    });
  if (config.CATALOG_SYNC_CRON)
    jobs.push({
      name: 'catalog-sync',
      cron: config.CATALOG_SYNC_CRON,
      async run() {
        const results = await syncCatalogs(
          sources,
          config.CATALOG_SYNC_URLS,
          catalogEntriesFromJson,
        );
        const count = (s: string) => results.filter((r) => r.status === s).length;
        return `${count('updated')} catalogs updated, ${count('unchanged')} unchanged, ${count('failed')} failed`;
      },
    });
  return jobs;
}

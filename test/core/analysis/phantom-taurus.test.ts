/**
 * The acceptance case on our own fixtures: two outlets, one originating team, hedged
 * attribution, a denial by the accused, and a disagreement on when activity began.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import {
  type ActorDossier,
  buildActorDossier,
  resolveActor,
} from '../../../src/core/analysis/actor-dossier.ts';
import { describeBasis } from '../../../src/core/analysis/confidence.ts';
import { type App, openApp } from '../../../src/main.ts';
import { examplesDb } from '../../support/fixture-dbs.ts';

let app: App;
let dossier: ActorDossier;

beforeAll(async () => {
  const db = await examplesDb();
  app = await openApp({ config: parseConfig({ THREATBRIEF_DB: db }) });
  const view = await app.analysis.at('CLEAR');
  const name = await resolveActor(app.store, view, 'TGR-STA-0043');
  dossier = await buildActorDossier(app.store, view, name!, 'CLEAR');
  return () => app.close();
});

const related = (kind: string) => dossier.related.filter((r) => r.kind === kind).map((r) => r.name);

describe('Phantom Taurus on the example corpus', () => {
  it('resolves both aliases to the actor, from the two outlets', () => {
    expect(dossier.name).toBe('Phantom Taurus');
    expect(dossier.aliases).toEqual(expect.arrayContaining(['CL-STA-0043', 'TGR-STA-0043']));
    expect(dossier.reports.map((r) => r.publisher)).toEqual(['Cyber Desk Weekly', 'BriefStream']);
  });

  it('labels the attribution to China MODERATE, naming one originating team and the denial', () => {
    const china = dossier.assessments.find((a) => a.object === 'China');
    expect(china).toMatchObject({ label: 'moderate', rule: 'one-reliable-source' });
    expect(china!.originators.map((o) => o.originator)).toEqual(['Unit 42']);
    const basis = describeBasis(china!, (ids) =>
      ids.map((id) => `[${dossier.reports.findIndex((r) => r.id === id) + 1}]`).join(''),
    );
    expect(basis).toMatch(/one originating source \(Unit 42\) reported by two outlets/);
    expect(basis).toMatch(/hedged wording \("Suspected", .*"aligns with"\) \[1\]/);
    expect(basis).toMatch(/denied by the Chinese Embassy \[1\]/);
  });

  it('reports its malware, targets, regions and the Exchange servers', () => {
    expect(related('malware')).toEqual(expect.arrayContaining(['Specter', 'NET-STAR']));
    expect(related('technology')).toContain('Microsoft Exchange');
    expect(related('sector')).toEqual(
      expect.arrayContaining(['government', 'telecom', 'foreign ministries', 'embassies']),
    );
    expect(related('region')).toEqual(expect.arrayContaining(['Africa', 'Middle East', 'Asia']));
    const exchange = dossier.related.find((r) => r.name === 'Microsoft Exchange')!;
    expect(exchange.evidence[0]!.quote).toContain('Microsoft Exchange servers');
  });

  it('records the conflict on when activity began, with both sources', () => {
    const conflict = dossier.conflicts.find((c) => c.topic === 'activity start');
    expect(conflict?.positions.map((p) => p.value)).toEqual(['2022', '2023']);
    const quotes = conflict!.positions.flatMap((p) => p.quotes).join(' ');
    expect(quotes).toContain('nearly three years');
    expect(quotes).toContain('since 2023');
    expect(new Set(conflict!.positions.flatMap((p) => p.reportIds)).size).toBe(2);
  });

  it('keeps both write-ups in one story cluster', async () => {
    const clusters = await Promise.all(dossier.reports.map((r) => app.store.clusterOf(r.id)));
    expect(new Set(clusters).size).toBe(1);
    expect(await app.store.reportsInCluster(clusters[0]!)).toHaveLength(2);
  });

  it('does not cluster unrelated stories with it', async () => {
    const others = await app.store.listReports();
    const clusters = new Set(await Promise.all(others.map((r) => app.store.clusterOf(r.id))));
    expect(clusters.size).toBe(others.length - 1);
  });
});

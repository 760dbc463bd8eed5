/**
 * Who may talk to /api/messages: with an app id, only Bot Framework-signed requests (botbuilder's own
 * JWT check, which fails locally on a missing or garbled token, so no network is needed); without one,
 * only an explicit dev mode on loopback, said loudly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTeamsPlatform } from '../../../src/chat/teams/teams-platform.ts';
import { parseConfig } from '../../../src/config.ts';
import { isThreatBriefError } from '../../../src/core/errors.ts';
import { openApp } from '../../../src/main.ts';
import { FakeBotFrameworkKeys } from '../../fakes/bot-framework-keys.ts';
import { tempDb } from '../../support/cli.ts';
import {
  CHANNEL,
  channelPost,
  examplesDb,
  feedbackInvoke,
  recordingLogger,
  startTeams,
  type TeamsHarness,
} from './harness.ts';

const APP_ID = '3f8c1a52-7d0e-4b8e-9a77-2b1c6f0d9e41';
const REGISTRATION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '72f988bf-0000-4000-8000-000000000001',
  TEAMS_DEV_MODE: '0',
};

let teams: TeamsHarness | undefined;
let keys: FakeBotFrameworkKeys | undefined;

afterEach(async () => {
  await teams?.close();
  await keys?.close();
  teams = undefined;
  keys = undefined;
  vi.restoreAllMocks();
});

async function configError(env: Record<string, string>) {
  const app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: tempDb(), ...env }),
    logger: recordingLogger(),
  });
  try {
    createTeamsPlatform(app);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close();
  }
}

describe('Teams authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a garbled bearer token', { authorization: 'Bearer not-a-jwt' }],
    ['a token of the wrong scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses %s with 401 when an app id is configured, before any reply', async (_, headers) => {
    teams = await startTeams({ db: await examplesDb(), env: REGISTRATION });
    expect(teams.platform.mode).toBe('http');
    const res = await teams.post(
      channelPost(teams.connector.serviceUrl, 'actor Phantom Taurus', '8001'),
      headers,
    );
    expect(res.status).toBe(401);
    // Nothing of ours ran: no reply, no reference kept, the event not even claimed.
    expect(teams.connector.calls).toEqual([]);
    expect(await teams.app.store.conversationRef('teams', CHANNEL)).toBeUndefined();
    expect(await teams.app.store.claimEvent('teams', `${CHANNEL}|8001`, '2026-11-21')).toBe(true);
  });

  it('refuses a well-formed token signed with a forged key: 401, one log line, no console output', async () => {
    keys = await FakeBotFrameworkKeys.start();
    const consoleWrites = [
      vi.spyOn(console, 'error'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'log'),
    ];
    teams = await startTeams({
      db: await examplesDb(),
      env: REGISTRATION,
      openIdMetadataUrl: keys.url,
    });
    const serviceUrl = teams.connector.serviceUrl;
    const forged = await teams.post(channelPost(serviceUrl, 'actor Phantom Taurus', '8101'), {
      authorization: `Bearer ${keys.forged(APP_ID, serviceUrl)}`,
    });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toBe('unauthorized');
    expect(teams.connector.calls).toEqual([]);
    for (const write of consoleWrites) expect(write).not.toHaveBeenCalled();
    const refusals = teams.logs.filter((l) => l.level !== 'debug' && /refused/.test(l.message));
    expect(refusals).toEqual([
      {
        level: 'warn',
        message: 'teams: request refused',
        fields: { status: 401, reason: expect.stringMatching(/signature/) },
      },
    ]);
    // The same claims signed with the published key pass: the 401 is about the signature alone.
    const invoke = feedbackInvoke(serviceUrl, {
      conversationId: 'a:1personal',
      messageId: '8102',
      reaction: 'like',
    });
    const genuine = await teams.post(invoke, {
      authorization: `Bearer ${keys.genuine(APP_ID, serviceUrl)}`,
    });
    expect(genuine.status).toBe(200);
  });

  it('writes nothing for a refused request when LOG_LEVEL is error', async () => {
    const lines: string[] = [];
    teams = await startTeams({
      db: await examplesDb(),
      env: { ...REGISTRATION, LOG_LEVEL: 'error' },
      logLines: lines,
    });
    const res = await teams.post(channelPost(teams.connector.serviceUrl, 'actor X', '8201'), {
      authorization: 'Bearer not-a-jwt',
    });
    expect(res.status).toBe(401);
    expect(lines).toEqual([]);
  });

  it('runs without an app id in dev mode on loopback, and warns loudly', async () => {
    teams = await startTeams();
    expect(teams.platform.mode).toBe('dev');
    const warning = teams.logs.find((l) => l.level === 'warn');
    expect(warning?.message).toMatch(/^TEAMS DEV MODE: .*unauthenticated/);
  });

  it('refuses dev mode on a host that is not loopback, naming what to change', async () => {
    const error = await configError({ TEAMS_DEV_MODE: '1', HOST: '0.0.0.0' });
    expect(isThreatBriefError(error) && error.code).toBe('config');
    expect((error as Error).message).toMatch(/TEAMS_DEV_MODE=1/);
    expect((error as Error).message).toMatch(/HOST is 0\.0\.0\.0/);
    expect((error as Error).message).toMatch(/HOST=127\.0\.0\.1/);
  });

  it('refuses to start without an app id and without dev mode, naming the variables', async () => {
    const error = await configError({ HOST: '127.0.0.1' });
    expect(isThreatBriefError(error) && error.code).toBe('config');
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'MicrosoftAppTenantId',
      'TEAMS_DEV_MODE',
    ])
      expect((error as Error).message).toContain(name);
  });

  it("turns botbuilder's own credential checks into config errors", async () => {
    const error = await configError({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: REGISTRATION.MicrosoftAppTenantId,
      MicrosoftAppPassword: 'must-not-be-set',
    });
    expect(isThreatBriefError(error) && error.code).toBe('config');
    expect((error as Error).message).toMatch(/UserAssignedMSI.*MicrosoftAppPassword/);
  });
});

/** With SLACK_APP_TOKEN the app uses Socket Mode: no route on the shared server. Constructed only, never connected. */
import { describe, expect, it } from 'vitest';
import { createSlackPlatform } from '../../../src/chat/slack/slack-platform.ts';
import { parseConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/core/ports/logger.ts';
import { openApp } from '../../../src/main.ts';
import { BOT_TOKEN } from './slack-harness.ts';

describe('Socket Mode', () => {
  it('needs no HTTP route and no signing secret', async () => {
    const app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: ':memory:',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: 'xapp-1-A0TEST-1-apptokenvalue',
      }),
      logger: silentLogger,
    });
    try {
      const platform = createSlackPlatform(app);
      expect(platform.name).toBe('slack');
      expect(platform.mode).toBe('socket');
      expect(platform.routes).toEqual([]);
      expect(platform.destination.platform).toBe('slack');
    } finally {
      await app.close();
    }
  });

  it('over HTTP, serves POST /slack/events; without a bot token it says which variable to set', async () => {
    const app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: ':memory:',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 'signing-secret-123',
      }),
      logger: silentLogger,
    });
    try {
      const platform = createSlackPlatform(app);
      expect(platform.mode).toBe('http');
      expect(platform.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /slack/events']);
      const withoutToken = { ...app, config: { ...app.config, SLACK_BOT_TOKEN: undefined } };
      expect(() => createSlackPlatform(withoutToken)).toThrow(/SLACK_BOT_TOKEN/);
    } finally {
      await app.close();
    }
  });
});

/**
 * @module How the Teams bot authenticates: an Azure Bot registration from the config, or, for the
 * Bot Framework Emulator and tests, no authentication at all, allowed only when asked for
 * explicitly (TEAMS_DEV_MODE=1) and only on a loopback HOST.
 */
import { createRequire } from 'node:module';
import type { Config } from '../../config.ts';
import { ThreatBriefError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { OneRetryLayerAuthentication } from './one-retry-layer.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/**
 * botbuilder needs some app id to post proactively (TeamsInfo.sendMessageToTeamsChannel refuses an
 * empty one); with authentication off, no credential is ever made for it.
 */
export const DEV_MODE_APP_ID = 'threatbrief-dev-mode';

export interface TeamsAuthentication {
  authentication: OneRetryLayerAuthentication;
  /** The bot's app id for proactive posts. */
  appId: string;
  mode: 'http' | 'dev';
}

const REGISTRATION_HELP =
  'set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from your Azure Bot ' +
  '(MicrosoftAppType=SingleTenant), or MicrosoftAppId and MicrosoftAppTenantId with ' +
  'MicrosoftAppType=UserAssignedMSI';

/**
 * Where the Bot Framework's signing keys are published (public cloud), with every other setting of
 * the public cloud. Tests point it at keys they made, to show what a forged token gets.
 */
function publicCloud(openIdMetadataUrl: string): Record<string, string> {
  const { AuthenticationConstants } = fromBotbuilder('botframework-connector') as {
    AuthenticationConstants: Record<string, string>;
  };
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl!,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope!,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer!,
    OAuthUrl: AuthenticationConstants.OAuthUrl!,
    CallerId: 'urn:botframework:azure',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
  };
}

const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));

export function teamsAuthentication(
  config: Config,
  logger: Logger,
  options: { openIdMetadataUrl?: string } = {},
): TeamsAuthentication {
  if (!config.MicrosoftAppId) {
    if (!config.TEAMS_DEV_MODE) {
      throw new ThreatBriefError(
        'config',
        `Teams is not configured: ${REGISTRATION_HELP}. To try the bot in the Bot Framework Emulator on this machine instead, set TEAMS_DEV_MODE=1 and HOST=127.0.0.1.`,
      );
    }
    if (!LOOPBACK.has(config.HOST)) {
      throw new ThreatBriefError(
        'config',
        `TEAMS_DEV_MODE=1 turns Teams authentication off, so it is only allowed on a loopback HOST, and HOST is ${config.HOST}. Set HOST=127.0.0.1 (or ::1, localhost), or unset TEAMS_DEV_MODE and ${REGISTRATION_HELP}.`,
      );
    }
    logger.warn(
      'TEAMS DEV MODE: MicrosoftAppId is not set and TEAMS_DEV_MODE=1, so /api/messages accepts unauthenticated requests and replies without credentials. Use it only with the Bot Framework Emulator on this machine.',
      { host: config.HOST },
    );
    return {
      authentication: new OneRetryLayerAuthentication({}),
      appId: DEV_MODE_APP_ID,
      mode: 'dev',
    };
  }
  if (config.TEAMS_DEV_MODE)
    logger.warn('TEAMS_DEV_MODE is ignored: MicrosoftAppId is set, so every request is verified');
  try {
    return {
      authentication: new OneRetryLayerAuthentication({
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        MicrosoftAppType: config.MicrosoftAppType,
        MicrosoftAppTenantId: config.MicrosoftAppTenantId,
        ...(options.openIdMetadataUrl ? publicCloud(options.openIdMetadataUrl) : {}),
      }),
      appId: config.MicrosoftAppId,
      mode: 'http',
    };
  } catch (error) {
    // botbuilder asserts its own combinations (e.g. no password with UserAssignedMSI).
    throw new ThreatBriefError(
      'config',
      `Teams (MicrosoftAppType=${config.MicrosoftAppType}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

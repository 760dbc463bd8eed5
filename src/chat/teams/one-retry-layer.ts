/**
 * @module Bot Framework authentication whose connector clients do not retry by themselves. The Azure
 * pipeline under botbuilder retries 5xx (with real multi-second sleeps) and 429 only when Retry-After
 * is sent; our own `withRetry` decides instead, so there is one retry layer, with known attempts,
 * an injectable sleep, and 429/412 covered too.
 */
import type { Activity } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type ConnectorFactory = ReturnType<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>;
type ClaimsIdentity = Parameters<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>[0];
type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** The name botbuilder's Azure pipeline gives its retry policy (throttling and exponential). */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

/**
 * ConnectorClient keeps its pipeline on a private `client`; botbuilder 4.23 is frozen, and if the
 * shape ever differs nothing is removed and the SDK simply retries as before.
 */
function dropSdkRetries(connector: unknown): void {
  const pipeline = (
    connector as { client?: { pipeline?: { removePolicy?(options: { name: string }): unknown } } }
  ).client?.pipeline;
  pipeline?.removePolicy?.({ name: SDK_RETRY_POLICY });
}

function withoutSdkRetries(factory: ConnectorFactory): ConnectorFactory {
  const create = factory.create.bind(factory);
  factory.create = async (serviceUrl, audience) => {
    const connector = await create(serviceUrl, audience);
    dropSdkRetries(connector);
    return connector;
  };
  return factory;
}

export class OneRetryLayerAuthentication extends ConfigurationBotFrameworkAuthentication {
  /** Proactive posts and sendMessageToTeamsChannel get their connector here. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withoutSdkRetries(super.createConnectorFactory(claimsIdentity));
  }

  /** Replies within a turn get theirs from the authentication result. */
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (result.connectorFactory)
      result.connectorFactory = withoutSdkRetries(result.connectorFactory);
    return result;
  }
}

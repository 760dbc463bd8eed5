/**
 * @module botbuilder's CloudAdapter with one door opened: running a turn for a request that was
 * already authenticated, so authentication failures are ours to answer (401, one log line) and
 * the adapter's own catch-all (a console stack trace, a 500 with the error text) is never reached.
 */
import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { OneRetryLayerAuthentication } from './one-retry-layer.ts';

export type AuthenticatedRequest = Awaited<
  ReturnType<OneRetryLayerAuthentication['authenticateRequest']>
>;

export class TurnAdapter extends CloudAdapter {
  runAuthenticated(
    auth: AuthenticatedRequest,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

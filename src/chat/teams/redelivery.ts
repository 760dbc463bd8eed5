/**
 * @module Teams may deliver an activity again when our answer was slow or lost; the store's event
 * claim makes sure each one is handled once, across replicas.
 */
import type { TurnContext } from 'botbuilder';
import { eventKey, readActivity } from './activity.ts';
import type { TeamsDeps } from './turn-deps.ts';

/** Runs the turn unless the activity was handled before; a repeated invoke still gets its 200. */
export async function runOnce(
  context: TurnContext,
  deps: Pick<TeamsDeps, 'store' | 'clock' | 'logger'>,
  run: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const activity = readActivity(context.activity);
  const key = eventKey(activity);
  if (key && !(await deps.store.claimEvent('teams', key, deps.clock.now().toISOString()))) {
    deps.logger.info('teams: redelivered activity skipped', { type: activity.type, key });
    if (activity.type === 'invoke')
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {} } });
    return;
  }
  await run(context);
}

/** @module What every Slack listener gets from the composition root: the router, the store, time and a log. */
import type { Clock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { Store } from '../../core/ports/store.ts';
import type { CommandRouter } from '../router.ts';

export interface SlackDeps {
  router: CommandRouter;
  store: Pick<Store, 'getThread' | 'claimEvent'>;
  clock: Clock;
  logger: Logger;
}

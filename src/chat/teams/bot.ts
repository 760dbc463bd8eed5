/**
 * @module The Teams activity handler: which handler each kind of activity reaches. Handlers are
 * plain functions; this class only wires them to botbuilder's dispatch.
 */
import { type InvokeResponse, TeamsActivityHandler, type TurnContext } from 'botbuilder';

export interface TeamsHandlers {
  message(context: TurnContext): Promise<void>;
  installed(context: TurnContext): Promise<void>;
  feedback(context: TurnContext): Promise<InvokeResponse>;
}

export class ThreatBriefBot extends TeamsActivityHandler {
  readonly #handlers: TeamsHandlers;

  constructor(handlers: TeamsHandlers) {
    super();
    this.#handlers = handlers;
    this.onMessage(async (context, next) => {
      await handlers.message(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await handlers.installed(context);
      await next();
    });
    // Older clients and the Emulator announce an install as the bot joining the conversation.
    this.onMembersAdded(async (context, next) => {
      const bot = context.activity.recipient?.id;
      if (bot && context.activity.membersAdded?.some((member) => member.id === bot))
        await handlers.installed(context);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'message/submitAction') return this.#handlers.feedback(context);
    return super.onInvokeActivity(context);
  }
}

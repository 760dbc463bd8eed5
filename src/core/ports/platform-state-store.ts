/**
 * @module PlatformStateStore port (role: platform state): what a chat platform needs kept between
 * requests and shared by replicas: events already handled, conversation references for
 * proactive posts, and which answer a posted message carries.
 */

export interface PlatformStateStore {
  /**
   * Records a platform event id (a Slack event_id, a Teams activity); true for the first caller
   * only, across every process sharing the store, false for a redelivery.
   */
  claimEvent(platform: string, eventId: string, at: string): Promise<boolean>;
  /**
   * Platform data needed to post to a channel later (a Teams conversation reference), kept per
   * (platform, channel) and replaced on each save.
   */
  saveConversationRef(
    platform: string,
    channel: string,
    reference: Record<string, unknown>,
    at: string,
  ): Promise<void>;
  conversationRef(platform: string, channel: string): Promise<Record<string, unknown> | undefined>;
  /** Which stored answer a posted platform message carries, for feedback that names only the message. */
  linkMessage(platform: string, messageKey: string, answerId: string, at: string): Promise<void>;
  answerIdForMessage(platform: string, messageKey: string): Promise<string | undefined>;
}

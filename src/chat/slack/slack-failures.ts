/**
 * @module The one place a failure becomes words for a Slack user: our error codes and Slack's Web
 * API errors map to one friendly sentence each, and to a code for the log.
 */
import { isThreatBriefError } from '../../core/errors.ts';

export interface Failure {
  /** For the log: our code ("store"), or Slack's ("slack:not_in_channel"). */
  code: string;
  /** For the user: one sentence, plain mrkdwn with no report text in it. */
  text: string;
}

/** Slack Web API errors carry a code ("slack_webapi_platform_error") and, for platform errors, data.error. */
function slackError(error: unknown): { code: string; platform?: string } | null {
  if (!error || typeof error !== 'object') return null;
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  if (typeof code !== 'string' || !code.startsWith('slack_')) return null;
  const platform = typeof data?.error === 'string' ? data.error : undefined;
  return platform ? { code, platform } : { code };
}

const TRANSIENT_PLATFORM = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Worth another try: network trouble, a 5xx, a rate limit, or a Slack error that says "later". */
export function isTransient(error: unknown): boolean {
  const slack = slackError(error);
  if (!slack) return false;
  if (slack.code === 'slack_webapi_platform_error')
    return TRANSIENT_PLATFORM.has(slack.platform ?? '');
  return (
    slack.code === 'slack_webapi_request_error' ||
    slack.code === 'slack_webapi_http_error' ||
    slack.code === 'slack_webapi_rate_limited_error'
  );
}

const SLACK_TEXT: Record<string, string> = {
  not_in_channel:
    'I cannot post in this channel. Invite me with `/invite @ThreatBrief`, or ask me in a direct message.',
  channel_not_found:
    'I cannot post in this conversation. Invite me with `/invite @ThreatBrief`, or ask me in a direct message.',
  is_archived: 'This channel is archived, so I cannot post the answer here.',
  ratelimited: 'Slack is rate-limiting me right now. Please try again in a minute.',
  msg_too_long: 'That answer came out too long for Slack. Please ask something narrower.',
  invalid_blocks: 'Slack refused the layout of that answer. It has been logged; please try again.',
};

/**
 * A send that ended without Slack's answer: a timeout, a dropped connection, a 5xx from a gateway.
 * The message may have been posted; a refused connection, or any answer from Slack, says it was not.
 */
export function mayHaveArrived(error: unknown): boolean {
  const slack = slackError(error);
  if (!slack) return false;
  if (slack.code === 'slack_webapi_http_error') {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' && status >= 500;
  }
  if (slack.code !== 'slack_webapi_request_error') return false;
  const cause = (error as { original?: { code?: unknown } }).original?.code;
  return cause !== 'ECONNREFUSED' && cause !== 'ENOTFOUND' && cause !== 'EAI_AGAIN';
}

/** How long Slack asked us to wait (429 Retry-After), when it did. */
export function retryAfterMs(error: unknown): number | undefined {
  const seconds = (error as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}

export function describeFailure(error: unknown): Failure {
  // A post that failed part-way is reported with the Slack error that stopped it.
  const cause = isThreatBriefError(error) ? (error as { cause?: unknown }).cause : undefined;
  if (cause !== undefined && slackError(cause)) return describeFailure(cause);
  const slack = slackError(error);
  if (slack) {
    const key =
      slack.platform ?? (slack.code === 'slack_webapi_rate_limited_error' ? 'ratelimited' : '');
    return {
      code: `slack:${slack.platform ?? slack.code}`,
      text:
        SLACK_TEXT[key] ??
        `I could not reach Slack to post the answer (${slack.platform ?? 'network'}). Please try again in a minute.`,
    };
  }
  if (isThreatBriefError(error)) {
    const text: Partial<Record<string, string>> = {
      store:
        'The report store did not answer. Please try again in a minute; if it keeps happening, tell your ThreatBrief admin (error code: store).',
      engine:
        'I could not compose an answer to that (error code: engine). Try rephrasing it, or `/threat help`.',
      forbidden: 'You are not allowed to do that here. Ask one of the ThreatBrief admins.',
      invalid_input: 'I did not understand that. `/threat help` lists what I can do.',
    };
    return {
      code: error.code,
      text:
        text[error.code] ??
        `Something went wrong while answering (error code: ${error.code}). It has been logged; please try again.`,
    };
  }
  return {
    code: 'internal',
    text: 'Something went wrong while answering (error code: internal). It has been logged; please try again.',
  };
}

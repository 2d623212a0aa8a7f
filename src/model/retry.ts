// How long the action waits for a registry that asks it to come back later (Retry-After).

/** registry-retry-after-max's default, in seconds: the longest Retry-After honoured. */
export const DEFAULT_RETRY_AFTER_MAX_SECONDS = 60;

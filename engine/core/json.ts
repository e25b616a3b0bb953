// Reading JSON a user gave: what every reader of a request, bill or data file asks first.

/** Whether a parsed JSON value is an object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

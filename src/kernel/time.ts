// Times are epoch milliseconds inside; ISO 8601 where a person or a notice attribute reads them.
export const isoTime = (ms: number): string => new Date(ms).toISOString();

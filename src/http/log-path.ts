/** Longest path a log line carries; the rest is cut, so a client cannot make log lines as long as its URL. */
export const LOG_PATH_MAX = 256;

/** The path of a request URL for a log line: no query string (it may carry anything), at most LOG_PATH_MAX chars. */
export function loggedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > LOG_PATH_MAX ? `${path.slice(0, LOG_PATH_MAX)}…` : path;
}

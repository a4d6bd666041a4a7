/**
 * True when an If-None-Match header matches the ETag (weak comparison, lists and `*` allowed, RFC 9110 §13.1.2).
 * The client's header only meets an anchored two-character pattern and a plain split: linear.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

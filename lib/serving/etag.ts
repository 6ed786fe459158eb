/**
 * Whether an If-None-Match header names this revision: a list of entity tags (weak ones compare
 * weakly, as RFC 9110 asks for If-None-Match) or `*`.
 */
export function matchesEtag(header: string | null, revision: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === `"${revision}"`;
  });
}

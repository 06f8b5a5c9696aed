/** A NATS subject filter (`*` one token, `>` the rest) as a predicate, so the local adapter filters alike. */
export function subjectMatcher(filter: string): (subject: string) => boolean {
  const pattern = filter
    .split('.')
    .map((token) => (token === '*' ? '[^.]+' : token === '>' ? '.+' : token.replace(/[\\^$+?()[\]{}|]/g, '\\$&')))
    .join('\\.');
  const regex = new RegExp(`^${pattern}$`);
  return (subject) => regex.test(subject);
}

/** A connection URI fit to print: its password replaced by `****` (the user name kept, to say who connects). */
export function maskedUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    // Not a URL we can parse: say nothing of it rather than risk printing a password.
    return '(unparseable URI)';
  }
}

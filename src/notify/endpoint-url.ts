/** Change events leave over https; plain http only to this machine (the local receiver, tests). */
export function notifyUrlAllowed(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

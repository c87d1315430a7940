import os from 'node:os';

/** Who runs the command, for the audit: the OS user name. */
export const operatorName = (): string => {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
};

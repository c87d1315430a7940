/**
 * `npm run esr -- <command>`: the operators' command line. Each sub-command lives in cli/commands/, wired in
 * cli/esr-program.ts; this file runs it. Readable text by default, one JSON object with --json; exit codes in
 * cli/commands/errors.ts.
 */
import { describeError } from './commands/errors';
import { esrProgram } from './esr-program';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

esrProgram()
  .parseAsync()
  .catch((err: unknown) => {
    const { message, exitCode } = describeError(err);
    console.error(`esr ${process.argv[2] ?? ''}: ${message}`);
    process.exit(exitCode);
  });

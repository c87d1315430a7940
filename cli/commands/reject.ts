/** `esr reject --date D --file F [--reason …]`: refuses a file held as a mass change; nothing in it is applied. */
import { fileDecisionCommand } from './file-decision';

export const rejectCommand = () => fileDecisionCommand('REJECT');

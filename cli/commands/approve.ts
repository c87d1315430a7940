/** `esr approve --date D --file F [--reason …]`: lets a file held as a mass change be applied. */
import { fileDecisionCommand } from './file-decision';

export const approveCommand = () => fileDecisionCommand('APPROVE');

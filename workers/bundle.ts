/** `npm run build`: prebuilds the workflow bundle the production worker loads (same SDK version as the worker). */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { WORKFLOW_BUNDLE_PATH } from './create-worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  fs.mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  fs.writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)`);
}

void main();

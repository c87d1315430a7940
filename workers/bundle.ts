/** `npm run build`: prebuilds the workflow bundle the production worker loads (same SDK version as the worker). */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { WORKFLOW_BUNDLE_PATH } from './create-worker';

export async function writeWorkflowBundle(file: string): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // The failure converter runs inside the workflow sandbox, so it is bundled with the workflows.
    failureConverterPath: require.resolve('../src/codec/failure-converter'),
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return code.length;
}

if (require.main === module) {
  void writeWorkflowBundle(WORKFLOW_BUNDLE_PATH).then((bytes) =>
    console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(bytes / 1024)} KiB)`),
  );
}

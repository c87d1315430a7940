/** `npm run build`: prebuilds the workflow bundles the production worker loads (same SDK version as the worker). */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { tracedBundlePath, WORKFLOW_BUNDLE_PATH } from './create-worker';

export async function writeWorkflowBundle(file: string, opts: { traced?: boolean } = {}): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // The failure converter runs inside the workflow sandbox, so it is bundled with the workflows.
    failureConverterPath: require.resolve('../src/codec/failure-converter'),
    ...(opts.traced
      ? {
          workflowInterceptorModules: [
            require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
          ],
        }
      : {}),
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return code.length;
}

if (require.main === module) {
  void (async () => {
    for (const [file, traced] of [
      [WORKFLOW_BUNDLE_PATH, false],
      [tracedBundlePath(WORKFLOW_BUNDLE_PATH), true],
    ] as const) {
      const bytes = await writeWorkflowBundle(file, { traced });
      console.log(`workflow bundle written to ${file} (${Math.round(bytes / 1024)} KiB)`);
    }
  })();
}

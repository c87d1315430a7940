/**
 * The failure converter for the worker's workflow bundle (loaded by path, as the SDK requires): failure messages
 * and stack traces go into an encoded attributes payload, which the payload codec then encrypts, so a failure's
 * text never sits in Temporal's history in clear. The readable message on the failure is "Encoded failure".
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

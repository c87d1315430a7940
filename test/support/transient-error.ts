/**
 * The errors a client sees while a server it talks to is being restarted: worth waiting through during a fault,
 * and nothing else is (an assertion failing, a bug, a refusal are thrown at once).
 */
import { ServiceError, isGrpcServiceError } from '@temporalio/client';
import { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError } from 'mongodb';

/** gRPC codes of a server away or overloaded: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNKNOWN. */
const RESTARTING_GRPC_CODES = new Set([14, 4, 8, 10, 2]);

export function transientServerError(err: unknown): boolean {
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoNotConnectedError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc)) return RESTARTING_GRPC_CODES.has(grpc.code);
  // The connection's own errors while the server is down (no gRPC code yet).
  return err instanceof Error && /TransportError|connect ECONNREFUSED|Connection refused/i.test(err.message);
}

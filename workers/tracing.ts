import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

/** The worker's OpenTelemetry tracing: a Temporal worker plugin, and the flush for shutdown. */
export interface Tracing {
  plugin: OpenTelemetryPlugin;
  shutdown(): Promise<void>;
}

/**
 * Traces through Temporal's OpenTelemetry interceptors (workflow, activity and client spans, linked across the
 * worker and Temporal), exported by OTLP over HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the exporter reads it
 * and the other standard `OTEL_EXPORTER_OTLP_*` variables itself); off, with no cost, otherwise. Spans carry
 * workflow and activity types and ids, never arguments or results, so no personal value.
 */
export function tracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || 'esr-person-update-worker' });
  // Activity and client spans come from this tracer (not a global one), workflow spans through the plugin's sink.
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  return {
    plugin: new OpenTelemetryPlugin({ resource, spanProcessor, tracer: provider.getTracer('esr-person-update') }),
    shutdown: () => provider.shutdown(),
  };
}

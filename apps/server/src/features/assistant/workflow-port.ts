import type { AssistantInput } from './assistant-port.js';

/**
 * A bot in workflow mode forwards each visitor message to its external workflow (N8N-compatible webhook)
 * instead of answering itself; the workflow answers later through the API. `forward` only has to put the
 * delivery in the durable outbox: the delivery worker sends it, with retries.
 */
export interface WorkflowPort {
  forward(input: AssistantInput, workflowUrl: string): Promise<void>;
}

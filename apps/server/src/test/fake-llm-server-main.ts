// The fake OpenAI-compatible LLM server as a process of its own: `node --import tsx fake-llm-server-main.ts`.
// Prints its URL; stops on SIGTERM/SIGINT or when its standard input closes (its parent went away).
import { startFakeLlmServer } from './fake-llm-server.js';

const server = await startFakeLlmServer({ port: Number(process.env.FAKE_LLM_PORT ?? 0), tokenDelayMs: Number(process.env.FAKE_LLM_TOKEN_DELAY_MS ?? 5) });
console.log(`fake LLM server listening on ${server.url}`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

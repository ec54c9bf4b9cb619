#!/usr/bin/env -S node --max-semi-space-size=128
// --max-semi-space-size=128: a 128 MB young generation. Chat traffic allocates ~35 KB per message; with
// the default (16 MB) V8 stops the server for a 2–5 ms scavenge several times a second, and those pauses
// were most of the message round trip's p99 (`npm run bench:realtime`). Costs ~70 MB of RSS at 200 chatting visitors.
// Started as `node apps/server/bin/parley.js`, Node reads no shebang: pass the flag yourself
// (or NODE_OPTIONS=--max-semi-space-size=128).
import '../dist/cli/main.js';

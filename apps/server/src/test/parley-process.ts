import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Me } from '@parley/contracts';

/** The built `parley` binary (npm test builds it first). */
export const PARLEY_BIN = fileURLToPath(new URL('../../bin/parley.js', import.meta.url));
/** The Node flags the binary's shebang gives (`#!/usr/bin/env -S node --flag…`): how `npx parley` runs. */
export const PARLEY_NODE_FLAGS = (readFileSync(PARLEY_BIN, 'utf8').split('\n', 1)[0] ?? '').split(/\s+/).filter((word) => word.startsWith('--'));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` to the end. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Started {
  child: ChildProcess;
  /** The first match of the marker in the output. */
  match: RegExpExecArray;
  /** Everything printed so far. */
  output: () => string;
}

/** Starts `node <args>` and resolves once its output matches `marker`; rejects if it exits first. */
export function startNodeUntil(args: string[], env: NodeJS.ProcessEnv, marker: RegExp): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env });
    let out = '';
    let matched = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = matched ? null : marker.exec(out);
      if (match) {
        matched = true;
        resolve({ child, match, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      if (!matched) reject(new Error(`exited ${code ?? signal} before printing ${marker}:\n${out}`));
    });
  });
}

/**
 * Stops a child process and resolves once it has exited: SIGTERM (a graceful stop, which may still
 * write to its database), then SIGKILL if it is still running after `graceMs`.
 */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Signs in over HTTP; returns the headers for cookie-authenticated JSON writes. */
export async function signInOverHttp(url: string, email: string, password: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in failed ${login.status}: ${await login.text()}`);
  const me = Me.parse(await login.json());
  return {
    'content-type': 'application/json',
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': me.csrfToken,
  };
}

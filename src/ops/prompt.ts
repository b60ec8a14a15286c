import * as readline from 'node:readline/promises';
import { OpsError, OpsInputError } from './errors';

/** Asks the operator a question. Injected so tests (and CI) answer without a terminal. */
export interface Prompt {
  /** False when there is no terminal to ask: destructive operations then refuse unless `--yes`. */
  readonly interactive: boolean;
  ask(question: string): Promise<string>;
}

/** Prompt on stdin/stdout; interactive only when both are TTYs. */
export class TerminalPrompt implements Prompt {
  readonly interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  async ask(question: string): Promise<string> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  }
}

/** Prompt answering from a fixed list (tests, scripted runs). */
export class ScriptedPrompt implements Prompt {
  readonly asked: string[] = [];
  constructor(private readonly answers: string[], readonly interactive = true) {}
  async ask(question: string): Promise<string> {
    this.asked.push(question);
    const a = this.answers.shift();
    if (a === undefined) throw new Error(`unexpected prompt: ${question}`);
    return a;
  }
}

/**
 * Typed confirmation (like the seed's deploy.sh production prompt, but the operator must type the
 * project name, so a reflexive "y" cannot start a destructive operation). `refusalHint` replaces the remedy given
 * when there is no terminal (e.g. where --yes cannot stand in for the confirmation).
 */
export async function confirmTyped(prompt: Prompt | undefined, action: string, expected: string, yes: boolean | undefined, refusalHint?: string): Promise<void> {
  if (yes) return;
  if (!prompt || !prompt.interactive) {
    throw new OpsInputError(`Refusing to ${action} without confirmation in a non-interactive session.`, refusalHint ?? 'Re-run in a terminal, or pass --yes once you have reviewed the plan.');
  }
  const answer = (await prompt.ask(`To ${action}, type the project name (${expected}): `)).trim();
  if (answer !== expected) {
    throw new OpsError(`Confirmation did not match "${expected}"; nothing was changed.`);
  }
}

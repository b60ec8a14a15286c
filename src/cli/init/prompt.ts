import * as readline from 'readline';
import type { Readable, Writable } from 'stream';

/** The terminal as `haven init` uses it: one question, one line back. */
export interface Prompter {
  /** Shows the question (with the default in brackets) and resolves to the line typed; Enter takes the default. */
  ask(question: string, fallback?: string): Promise<string>;
  say(line: string): void;
  close(): void;
}

/**
 * A prompter over node's readline. Lines are queued as they arrive, so input typed (or piped) ahead of a question
 * is not lost. The end of input rejects a pending question rather than hanging.
 */
export function readlinePrompter(input: Readable, output: Writable): Prompter {
  const rl = readline.createInterface({ input, output, terminal: false });
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w.reject(new Error('input ended before every question was answered'));
  });
  const nextLine = (): Promise<string> => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (closed) return Promise.reject(new Error('input ended before every question was answered'));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    async ask(question, fallback) {
      output.write(`? ${question}${fallback ? ` [${fallback}]` : ''}: `);
      const line = (await nextLine()).trim();
      return line === '' && fallback !== undefined ? fallback : line;
    },
    say: (line) => output.write(`${line}\n`),
    close: () => rl.close(),
  };
}

/**
 * What the command line asks for: from an environment variable when set (scripts), else the
 * next line of standard input when it is not a terminal (pipes), else a prompt on the terminal,
 * with echo off for secrets. A value needed after standard input closed is a usage error (exit 2)
 * that says the three ways to give it. Nothing read here is ever put in argv or a message.
 */
import { createInterface } from 'node:readline';
import { CliError, EXIT } from './exit';

export interface Ask {
  /** What to call it in a prompt and a message ("Password"). */
  label: string;
  /** The environment variable a script may set instead. */
  env: string;
  secret: boolean;
}

export class Input {
  #lines: AsyncIterator<string> | undefined;

  constructor(
    private readonly stdin: NodeJS.ReadStream = process.stdin,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async read(ask: Ask): Promise<string> {
    const fromEnv = this.env[ask.env];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const value = this.stdin.isTTY ? await this.#prompt(ask) : await this.#nextLine();
    if (value === null) throw new CliError(EXIT.usage, `${ask.label} is needed, and standard input is closed. Type it at a terminal, give it as a line on standard input, or set ${ask.env}.`);
    return value;
  }

  async #nextLine(): Promise<string | null> {
    this.#lines ??= createInterface({ input: this.stdin, crlfDelay: Infinity, terminal: false })[Symbol.asyncIterator]();
    const next = await this.#lines.next();
    return next.done ? null : next.value;
  }

  /** A prompt on the terminal in raw mode: a secret's characters are never written back; Ctrl-C ends the command, Ctrl-D on an empty line closes. */
  #prompt(ask: Ask): Promise<string | null> {
    this.stderr.write(`${ask.label}: `);
    const stdin = this.stdin;
    const echo = (text: string) => void (ask.secret || this.stderr.write(text));
    return new Promise((resolve, reject) => {
      let typed = '';
      const finish = (value: string | null, error?: CliError) => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        this.stderr.write('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') return finish(typed);
          if (char === '\u0003') return finish(null, new CliError(EXIT.error, 'Cancelled.'));
          if (char === '\u0004' && typed === '') return finish(null);
          if (char === '\u007f' || char === '\b') {
            if (typed !== '') echo('\b \b');
            typed = typed.slice(0, -1);
          } else {
            typed += char;
            echo(char);
          }
        }
      };
      stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', onData);
    });
  }
}

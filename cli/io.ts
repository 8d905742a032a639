/**
 * Where the CLI reads and writes. The real process in `bin/keyguard.js`;
 * tests hand in their own so they can assert on what was printed.
 */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: progress bars and colours only then. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

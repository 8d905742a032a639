import type { CliIo } from '../../../../cli/io.ts';
import { ROOT } from '../../../unit/deploy/support/s-yaml.ts';

/** A CliIo that keeps what the CLI prints, for in-process runs. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export const captureIo = (
  env: Readonly<Record<string, string>> = {},
  options: { readonly tty?: boolean; readonly cwd?: string } = {},
): CapturedIo => {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text: string) => {
        out += text;
      },
      isTTY: options.tty ?? false,
      columns: 100,
    },
    stderr: {
      write: (text: string) => {
        err += text;
      },
      isTTY: false,
    },
    env,
    cwd: options.cwd ?? ROOT,
    out: () => out,
    err: () => err,
  };
};

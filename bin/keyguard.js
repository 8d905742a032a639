#!/usr/bin/env node
// The `keyguard` command. The CLI is TypeScript run through tsx (a
// devDependency), the same way `npm start` runs; installing the package
// with its devDependencies is therefore required for `npx keyguard`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
const { processIo } = await import('../cli/io.ts');

process.exitCode = await runCli(process.argv.slice(2), processIo());

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileWriter } from '../../../shared/health/file-writes.ts';
import { createDirectoryStore } from '../../../shared/health/state-store.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'keyguard-writes-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the state store file writer', () => {
  it('replaces a cached file whole and leaves no temporary file', async () => {
    const writer = createFileWriter();
    const file = path.join(root, 'bindings', 'proj', 'one.json');

    await writer.cached(file, 'first\n');
    await writer.cached(file, 'second\n');

    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect(await readdir(path.dirname(file))).toEqual(['one.json']);
  });

  it('makes the directory again when it was removed after a write', async () => {
    const writer = createFileWriter();
    const dir = path.join(root, 'bindings', 'proj');
    await writer.cached(path.join(dir, 'one.json'), '1');
    await rm(dir, { recursive: true });

    await writer.cached(path.join(dir, 'two.json'), '2');

    expect(await readFile(path.join(dir, 'two.json'), 'utf8')).toBe('2');
  });

  it('writes durable files whole, making their directory', async () => {
    const writer = createFileWriter();
    const file = path.join(root, 'alerts', 'key.cn-hangzhou.key-a.json');

    await writer.durable(file, '{"a":1}\n');

    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(path.dirname(file))).toEqual([
      'key.cn-hangzhou.key-a.json',
    ]);
  });

  it('reads back many bindings saved at once', async () => {
    const store = createDirectoryStore(root);
    const bindings = Array.from({ length: 200 }, (_, i) => ({
      project: `proj-${i % 7}`,
      logstore: `store-${i}`,
      projectRegion: 'cn-hangzhou',
      protection: 'service_key' as const,
      readAt: i,
    }));

    await Promise.all(bindings.map((b) => store.saveBinding(b)));
    const loaded = await store.loadBindings();

    expect(loaded).toHaveLength(200);
    expect(new Set(loaded.map((b) => b.logstore)).size).toBe(200);
  });
});

// The Storage service's files on disk. A file is named by its object's `version` (a fresh UUID
// for every write), never by the object's name, so no name can reach outside the folder and a
// replaced object's new file never overwrites the one a reader may be streaming:
//   <root>/objects/<v[0..1]>/<version>        the bytes
//   <root>/renditions/<version>/<variant>     image renditions made from them (a cache)
//   <root>/tmp/<uuid>                         uploads still arriving
// An upload lands in tmp, is renamed into place inside the database transaction that records
// it, and is removed again if that transaction fails; a removed object's file goes after its
// row's removal commits. A crash between the two leaves a file without a row, never a row
// without a file, and `sweep` (run at start-up) removes such files.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { join } from "node:path";

const VERSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type Received = { tmp: string; size: number; md5: string; head: Buffer };

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

export class FileStore {
  constructor(readonly root: string) {}

  async init(): Promise<void> {
    for (const dir of ["objects", "renditions", "tmp"]) await mkdir(join(this.root, dir), { recursive: true });
  }

  static isVersion(version: string): boolean {
    return VERSION.test(version);
  }

  pathOf(version: string): string {
    if (!VERSION.test(version)) throw new Error(`not a storage version: ${version}`);
    return join(this.root, "objects", version.slice(0, 2), version);
  }

  renditionPath(version: string, variant: string): string {
    if (!VERSION.test(version) || !/^[a-z0-9x.-]+$/.test(variant)) throw new Error("bad rendition name");
    return join(this.root, "renditions", version, variant);
  }

  tmpPath(): string {
    return join(this.root, "tmp", randomUUID());
  }

  /**
   * Streams an upload into tmp, counting bytes. Past `limit` it stops writing but keeps reading
   * (so the client receives the refusal instead of a broken pipe), removes the partial file and
   * throws TooLarge.
   */
  async receive(body: AsyncIterable<Uint8Array>, limit: number | null): Promise<Received> {
    const tmp = this.tmpPath();
    const out = createWriteStream(tmp, { flags: "wx" });
    const hash = createHash("md5");
    let size = 0;
    let head = Buffer.alloc(0);
    let over = false;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (over) continue;
        if (limit !== null && size > limit) {
          over = true;
          out.destroy();
          continue;
        }
        if (head.length < 64) head = Buffer.concat([head, Buffer.from(chunk.subarray(0, 64 - head.length))]);
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, "drain");
      }
      if (over) throw new TooLarge(limit!);
      out.end();
      await finished(out);
      return { tmp, size, md5: hash.digest("hex"), head };
    } catch (error) {
      out.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** Moves a received file into place as `version`. */
  async place(tmp: string, version: string): Promise<string> {
    const target = this.pathOf(version);
    await mkdir(join(target, ".."), { recursive: true });
    await rename(tmp, target);
    return target;
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Removes a version's file and its renditions. */
  async removeVersion(version: string | null | undefined): Promise<void> {
    if (!version || !VERSION.test(version)) return;
    await rm(this.pathOf(version), { force: true });
    await rm(join(this.root, "renditions", version), { recursive: true, force: true });
  }

  async size(version: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(version))).size;
    } catch {
      return null;
    }
  }

  has(version: string): boolean {
    return VERSION.test(version) && existsSync(this.pathOf(version));
  }

  /** Deletes every file and rendition whose version is not in `known`, and leftover uploads. */
  async sweep(known: Set<string>): Promise<{ files: number; renditions: number }> {
    let files = 0;
    let renditions = 0;
    const objects = join(this.root, "objects");
    for (const shard of await readdir(objects)) {
      for (const name of await readdir(join(objects, shard)).catch(() => [] as string[])) {
        if (known.has(name)) continue;
        await rm(join(objects, shard, name), { recursive: true, force: true });
        files++;
      }
    }
    for (const version of await readdir(join(this.root, "renditions"))) {
      if (known.has(version)) continue;
      await rm(join(this.root, "renditions", version), { recursive: true, force: true });
      renditions++;
    }
    await rm(join(this.root, "tmp"), { recursive: true, force: true });
    await mkdir(join(this.root, "tmp"), { recursive: true });
    return { files, renditions };
  }
}

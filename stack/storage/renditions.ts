// Image renditions (Supabase's image transformation API): made once per variant with sharp and
// cached beside the object's file, removed with it.
import { existsSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Core, ObjectRow } from "./core.ts";
import { invalid, notFound } from "./errors.ts";
import { send } from "./serving.ts";
import type { Transform } from "./validate.ts";

export async function render(core: Core, request: Request, row: ObjectRow, transform: Transform): Promise<Response> {
  const mimetype = typeof row.metadata?.mimetype === "string" ? row.metadata.mimetype : "";
  const source = /^image\/(jpeg|png|webp|gif|avif)$/.exec(mimetype)?.[1];
  if (!source) throw invalid(`only images can be transformed; ${row.name} is ${mimetype || "of unknown type"}`);
  if (!row.version || !core.files.has(row.version)) throw notFound();
  const wantsWebp = transform.format !== "origin" && (request.headers.get("accept") ?? "").includes("image/webp");
  const format = wantsWebp ? "webp" : source === "gif" ? "png" : (source as "jpeg" | "png" | "webp" | "avif");
  const quality = transform.quality ?? 80;
  const fit = transform.resize === "contain" ? "inside" : transform.resize === "fill" ? "fill" : "cover";
  const variant = `${transform.width ?? "auto"}x${transform.height ?? "auto"}-${fit}-q${quality}.${format}`;
  const target = core.files.renditionPath(row.version, variant);
  if (!existsSync(target)) {
    // sharp (libvips) loads on the first rendition only, so an idle stack does not carry it.
    const { default: sharp } = await import("sharp");
    const tmp = core.files.tmpPath();
    try {
      await sharp(core.files.pathOf(row.version), { limitInputPixels: 50_000_000 })
        .rotate()
        .resize({ width: transform.width, height: transform.height, fit, withoutEnlargement: true })
        .toFormat(format, { quality })
        .toFile(tmp);
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw invalid(`the image could not be transformed: ${(error as Error).message}`);
    }
  }
  const size = (await stat(target)).size;
  return send(core, request, row, { path: target, mimetype: `image/${format}`, size });
}

// Content that does not match its declared type is refused: a bucket's allowed_mime_types is
// only worth something if a PDF cannot arrive as image/jpeg. (Supabase checks the declared type
// only.) `file-type` knows the formats; a declared type it cannot recognise is taken as declared.
import { fileTypeFromFile, supportedMimeTypes } from "file-type";
import { StorageError } from "./errors.ts";

// ISO base media files (an `ftyp` box) name their brand, not the container: an iPhone's .mov, an
// Android .mp4 and an .m4a are one format, and players treat them alike.
const ISO_MEDIA = new Set(["video/mp4", "video/quicktime", "audio/mp4", "audio/x-m4a", "video/x-m4v", "video/3gpp", "video/3gpp2"]);
const KNOWN = new Set<string>(supportedMimeTypes);

/** Throws 415 when the file's bytes are of another type than `declared`. */
export async function checkContent(path: string, declared: string): Promise<void> {
  if (!KNOWN.has(declared)) return;
  const found = await fileTypeFromFile(path);
  if (found && (found.mime === declared || (ISO_MEDIA.has(declared) && ISO_MEDIA.has(found.mime)))) return;
  throw new StorageError("415", "InvalidMimeType",
    `the file's content is not ${declared} (${found ? `it is ${found.mime}` : "its bytes are of no known format"})`, "invalid_mime_type");
}

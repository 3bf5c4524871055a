// Types of edits.mjs.
import type { Edit } from "../scripts/patch-deps.d.mts";
export const edits: Edit[];

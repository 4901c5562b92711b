import type { ApiError } from "./types";

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

/** A sentence to show the user for anything a command rejected with. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (typeof e === "string" && e.trim()) return e;
  if (e instanceof Error && e.message) return e.message;
  return "Something went wrong. Nothing was changed. Please try again.";
}

export function errorKind(e: unknown): string {
  return isApiError(e) ? e.kind : "unknown";
}

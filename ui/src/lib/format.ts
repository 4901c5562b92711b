// Presentation helpers: no business rules, only how things read.

export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : "";
}

/** Adds the workbook extension when the user typed a bare name. */
export function withExtension(path: string): string {
  const trimmed = path.trim();
  return /\.soc2wb$/i.test(trimmed) ? trimmed : `${trimmed}.soc2wb`;
}

export function joinPath(folder: string, name: string): string {
  if (!folder) return name;
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** A file name suggested from the organisation's name, e.g. "Acme Ltd" -> "Acme Ltd readiness.soc2wb". */
export function suggestedFileName(organization: string): string {
  const clean = organization.replace(/[\\/:*?"<>|]+/g, " ").replace(/\s+/g, " ").trim();
  return `${clean || "Untitled"} readiness.soc2wb`;
}

export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return days === 1 ? "yesterday" : `${days} days ago`;
  return then.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function passphraseStrength(p: string): { score: 0 | 1 | 2 | 3; label: string } {
  if (p.length === 0) return { score: 0, label: "" };
  if (p.length < 8) return { score: 0, label: "Too short: at least 8 characters" };
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  if (p.length >= 16 || (p.length >= 12 && kinds >= 3)) return { score: 3, label: "Strong" };
  if (p.length >= 10 && kinds >= 2) return { score: 2, label: "Good" };
  return { score: 1, label: "Weak: longer is better" };
}

/** "about 40 s left", "about 3 min left": the time a transfer still needs at the pace
 * it has kept so far, once it has run for a second (earlier guesses jump about). */
export function timeLeft(done: number, total: number, elapsedMs: number): string {
  if (elapsedMs < 1000 || done <= 0 || total <= done) return "";
  const seconds = ((total - done) * elapsedMs) / done / 1000;
  if (seconds < 1) return "under a second left";
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

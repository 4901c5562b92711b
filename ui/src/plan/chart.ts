// Geometry of the burn-down chart: dates and counts to SVG coordinates. Kept apart from
// the component so it can be tested without a window.
import type { BurnPoint } from "../lib/types";

export const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export interface Frame {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
  from: number;
  to: number;
  total: number;
}

/** A frame spanning every date given (ISO strings, nulls skipped), at least a week wide. */
export function frame(dates: (string | null)[], total: number, width = 640, height = 240): Frame {
  const days = dates.filter((d): d is string => !!d).map(dayNumber);
  const from = days.length ? Math.min(...days) : 0;
  const to = Math.max(days.length ? Math.max(...days) : 0, from + 7);
  return { width, height, pad: { left: 36, right: 16, top: 14, bottom: 28 }, from, to, total: Math.max(total, 1) };
}

export function x(f: Frame, iso: string): number {
  const span = f.to - f.from;
  return f.pad.left + ((dayNumber(iso) - f.from) / span) * (f.width - f.pad.left - f.pad.right);
}

export function y(f: Frame, done: number): number {
  return f.pad.top + (1 - done / f.total) * (f.height - f.pad.top - f.pad.bottom);
}

/** A step line: the count holds until the next day it changed. */
export function stepPath(f: Frame, points: BurnPoint[]): string {
  let d = "";
  points.forEach((p, i) => {
    const px = x(f, p.date);
    const py = y(f, p.done);
    if (i === 0) d += `M${px.toFixed(1)},${py.toFixed(1)}`;
    else d += ` H${px.toFixed(1)} V${py.toFixed(1)}`;
  });
  return d;
}

export function linePath(f: Frame, points: BurnPoint[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${x(f, p.date).toFixed(1)},${y(f, p.done).toFixed(1)}`).join(" ");
}

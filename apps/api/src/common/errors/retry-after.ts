/** "try again in 45 seconds" / "in 4 minutes" / "in 2 hours": when a refused request may be repeated. */
export function tryAgainIn(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `try again in ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return `try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(s / 3600);
  return `try again in ${hours} hours`;
}

declare module 'postgres-date' {
  /** A Date; ±Infinity for 'infinity'; null for what it cannot read. */
  export default function parseDate(text: string): Date | number | null;
}

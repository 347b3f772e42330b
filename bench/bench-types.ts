// What a bench module exports: run() returns figures; bench/run.ts prints them.
export interface BenchFigure {
  label: string;
  value: number;
  unit: 'ms' | 'MB' | 'pages' | 'lines' | 'count';
}

export interface BenchModule {
  run(): Promise<BenchFigure[]> | BenchFigure[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

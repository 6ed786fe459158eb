// jstat ships no types; only what lib/stats uses is declared (starting points for quantiles).
declare module 'jstat' {
  const jStat: {
    normal: { inv(p: number, mean: number, std: number): number };
    studentt: { inv(p: number, dof: number): number };
  };
  export default jStat;
}

/// LensStatistics: curves aligned on a declared grid (`Curve`, `CurveGrid`, `AlignedRuns`),
/// seeded bootstrap bands over runs (`Bootstrap`: the AdamQLR paper band and a percentile
/// confidence band), order statistics (`Quantile`, type 7) and run summaries (`Summary`).
public enum LensStatisticsModule {}

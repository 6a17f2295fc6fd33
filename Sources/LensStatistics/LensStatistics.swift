/// LensStatistics: curves aligned on a grid, bootstrap bands over runs, summaries.
public enum LensStatisticsModule {}

/// LensReplay: reads `optimizer-replay/1` golden cases (../shared/golden/FORMAT.md) and
/// replays them against the Lens optimizers.
public enum LensReplayModule {}

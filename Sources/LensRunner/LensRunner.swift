/// LensRunner: declarative suite files, planning into hashed run specs, parallel execution with
/// resume, the compressed results store and ASHA tuning.
public enum LensRunnerModule {}

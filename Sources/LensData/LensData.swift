/// LensData: the dataset registry, checksummed fetching from original hosts or a local mirror,
/// and loaders that return normalised tensors with each paper's exact preprocessing.
public enum LensDataModule {}

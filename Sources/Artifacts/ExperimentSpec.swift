import BikeModel

/// One experiment of `pipeline/experiments/NAME.json`: which data, which settings, which seeds.
public struct ExperimentSpec: Codable, Sendable {
    public struct DataSpec: Codable, Equatable, Sendable {
        /// report, none, fit (means from the whole file) or fit-training (means from the
        /// training rows only, applied to both parts: no validation target leaks in).
        public var encoding: String
        public var trainShare: Int
        public var rule: SplitRule
        /// The raw data file, a path in the project; nil: the Makefile's DATA (data/train.csv).
        public var file: String?

        public init(encoding: String, trainShare: Int, rule: SplitRule, file: String? = nil) {
            self.encoding = encoding
            self.trainShare = trainShare
            self.rule = rule
            self.file = file
        }
    }

    /// The options of `train`; absent ones take train's defaults.
    public struct TrainingSpec: Codable, Sendable {
        public var activation: Activation
        public var method: GradientDescent
        public var learningRate: Double
        public var batchSize: Int?
        public var hiddenUnits: Int?
        public var maxEpochs: Int?
        public var earlyStopping: Bool?
        public var patience: Int?
        public var tolerance: Double?
        public var exponential: Exponential?
        public var minImprovement: Double?
    }

    public var description: String
    public var data: DataSpec
    public var training: TrainingSpec
    public var seeds: String

    public init(description: String, data: DataSpec, training: TrainingSpec, seeds: String) {
        self.description = description
        self.data = data
        self.training = training
        self.seeds = seeds
    }

    public var settings: TrainingSettings {
        var s = TrainingSettings()
        s.activation = training.activation
        s.method = training.method
        s.learningRate = training.learningRate
        if let v = training.batchSize { s.batchSize = v }
        if let v = training.hiddenUnits { s.hiddenUnits = v }
        if let v = training.maxEpochs { s.maxEpochs = v }
        if let v = training.earlyStopping { s.earlyStopping = v }
        if let v = training.patience { s.patience = v }
        if let v = training.tolerance { s.tolerance = v }
        if let v = training.exponential { s.exponential = v }
        if let v = training.minImprovement { s.minImprovement = v }
        return s
    }

    /// The same settings as `train` options.
    public var trainArguments: [String] { settings.trainArguments(seeds: seeds) }
}

extension TrainingSettings {
    /// These settings as `train` options, training `seeds`.
    public func trainArguments(seeds: String) -> [String] {
        let s = self
        var arguments = [
            "--activation", s.activation.rawValue, "--method", s.method.rawValue, "--learning-rate",
            formatNumber(s.learningRate),
            "--batch-size", "\(s.batchSize)", "--hidden-units", "\(s.hiddenUnits)", "--max-epochs", "\(s.maxEpochs)",
            "--patience", "\(s.patience)", "--tolerance", formatNumber(s.tolerance), "--seeds", seeds
        ]
        if !s.earlyStopping { arguments.append("--no-early-stopping") }
        // Said only where they are not the text's, so the text's commands read as before.
        let defaults = TrainingSettings()
        if s.exponential != defaults.exponential { arguments += ["--exponential", s.exponential.rawValue] }
        if s.minImprovement != defaults.minImprovement {
            arguments += ["--min-improvement", formatNumber(s.minImprovement)]
        }
        return arguments
    }
}

extension ExperimentSpec.DataSpec {
    public static let encodings = ["report", "none", "fit", "fit-training"]

    /// The folder name of this data under build/data, e.g. report-t70 or report-contiguous-t75.
    /// The same split of the raw rows: what the steps that need each row's hour or month read.
    public var raw: ExperimentSpec.DataSpec { .init(encoding: "raw", trainShare: trainShare, rule: rule, file: file) }

    /// The data file's name without folder and `.csv`, naming its folders: nil for DATA's.
    public var fileStem: String? {
        file.map { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        }
    }

    public var variant: String {
        "\(fileStem.map { "\($0)-" } ?? "")\(encoding)-\(rule == .contiguous ? "contiguous-" : "")t\(trainShare)"
    }
}

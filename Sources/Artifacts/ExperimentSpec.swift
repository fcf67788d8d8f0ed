import BikeModel

/// One experiment of `pipeline/experiments/NAME.json`: which data, which settings, which seeds.
public struct ExperimentSpec: Codable, Sendable {
    public struct DataSpec: Codable, Equatable, Sendable {
        /// report, none, fit (means from the whole file) or fit-training (means from the
        /// training rows only, applied to both parts: no validation target leaks in).
        public var encoding: String
        public var trainShare: Int
        public var rule: SplitRule

        public init(encoding: String, trainShare: Int, rule: SplitRule) {
            self.encoding = encoding
            self.trainShare = trainShare
            self.rule = rule
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
    }

    public var description: String
    public var data: DataSpec
    public var training: TrainingSpec
    public var seeds: String

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
        return s
    }

    /// The same settings as `train` options.
    public var trainArguments: [String] {
        let s = settings
        var arguments = [
            "--activation", s.activation.rawValue, "--method", s.method.rawValue, "--learning-rate",
            formatNumber(s.learningRate),
            "--batch-size", "\(s.batchSize)", "--hidden-units", "\(s.hiddenUnits)", "--max-epochs", "\(s.maxEpochs)",
            "--patience", "\(s.patience)", "--tolerance", formatNumber(s.tolerance), "--seeds", seeds
        ]
        if !s.earlyStopping { arguments.append("--no-early-stopping") }
        return arguments
    }
}

extension ExperimentSpec.DataSpec {
    public static let encodings = ["report", "none", "fit", "fit-training"]

    /// The folder name of this data under build/data, e.g. report-t70 or report-contiguous-t75.
    /// The same split of the raw rows: what the steps that need each row's hour or month read.
    public var raw: ExperimentSpec.DataSpec { .init(encoding: "raw", trainShare: trainShare, rule: rule) }

    public var variant: String { "\(encoding)-\(rule == .contiguous ? "contiguous-" : "")t\(trainShare)" }
}

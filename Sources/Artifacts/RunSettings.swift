import BikeModel

/// The settings of a run in one flat record: its training settings and its data, with numbers
/// as numbers. results.json shows each row's `settings` in this form.
public struct RunSettings: Codable, Equatable, Sendable {
    public var activation: Activation
    public var method: GradientDescent
    public var learningRate: Double
    public var batchSize: Int
    public var hiddenUnits: Int
    public var maxEpochs: Int
    public var earlyStopping: Bool
    public var patience: Int
    public var tolerance: Double
    public var exponential: Exponential
    public var minImprovement: Double
    public var encoding: String
    public var trainShare: Int
    public var rule: SplitRule

    public init(training s: TrainingSettings, data: DataRecord) {
        activation = s.activation
        method = s.method
        learningRate = s.learningRate
        batchSize = s.batchSize
        hiddenUnits = s.hiddenUnits
        maxEpochs = s.maxEpochs
        earlyStopping = s.earlyStopping
        patience = s.patience
        tolerance = s.tolerance
        exponential = s.exponential
        minImprovement = s.minImprovement
        encoding = data.encoding
        trainShare = data.trainShare ?? 0
        rule = data.rule ?? .interleaved
    }

    /// The settings an experiment declares (what its run will be).
    public init(_ spec: ExperimentSpec) {
        self.init(
            training: spec.settings,
            data: DataRecord(encoding: spec.data.encoding, trainShare: spec.data.trainShare, rule: spec.data.rule))
    }

    /// The settings as JSON values by name, for comparing with the published ones.
    public var values: [String: JSONValue] {
        [
            "activation": .string(activation.rawValue), "method": .string(method.rawValue),
            "learningRate": .number(learningRate),
            "batchSize": .number(Double(batchSize)), "hiddenUnits": .number(Double(hiddenUnits)),
            "maxEpochs": .number(Double(maxEpochs)),
            "earlyStopping": .bool(earlyStopping), "patience": .number(Double(patience)),
            "tolerance": .number(tolerance), "exponential": .string(exponential.rawValue),
            "minImprovement": .number(minImprovement),
            "encoding": .string(encoding), "trainShare": .number(Double(trainShare)), "rule": .string(rule.rawValue)
        ]
    }
}

/// A setting the published configuration states that the run does not match: the run then
/// does not reproduce that published cell, whatever its numbers.
public struct Departure: Codable, Equatable, Sendable {
    public var setting: String
    public var published: JSONValue
    public var run: JSONValue

    public init(setting: String, published: JSONValue, run: JSONValue) {
        self.setting = setting
        self.published = published
        self.run = run
    }
}

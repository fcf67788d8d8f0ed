import BikeModel

/// The settings of a run in one flat record: its training settings (each `TrainingSetting`
/// by name) and its data, with numbers as numbers. results.json shows each row's `settings`
/// in this form.
@dynamicMemberLookup
public struct RunSettings: Codable, Equatable, Sendable {
    /// The training settings; the seed is the run's, not its configuration's, and stays 0.
    public private(set) var training: TrainingSettings
    public var encoding: String
    public var trainShare: Int
    public var rule: SplitRule

    /// A training setting by its name in `TrainingSettings`: `settings.learningRate`.
    public subscript<T>(dynamicMember key: WritableKeyPath<TrainingSettings, T>) -> T {
        get { training[keyPath: key] }
        set { training[keyPath: key] = newValue }
    }

    public init(training s: TrainingSettings, data: DataRecord) {
        training = s
        training.seed = 0
        encoding = data.encoding
        trainShare = data.trainShare ?? 0
        rule = data.rule ?? .interleaved
    }

    /// The settings an experiment declares (what its run will be).
    public init(_ spec: ExperimentSpec) {
        self.init(
            training: spec.settings,
            data: DataRecord(
                encoding: spec.data.encoding.rawValue, trainShare: spec.data.trainShare, rule: spec.data.rule))
    }

    /// The settings as JSON values by name, for comparing with the published ones.
    public var values: [String: JSONValue] {
        var out = Dictionary(uniqueKeysWithValues: TrainingSetting.all.map { ($0.name, $0.read(training)) })
        out["encoding"] = .string(encoding)
        out["trainShare"] = .number(Double(trainShare))
        out["rule"] = .string(rule.rawValue)
        return out
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: SettingKey.self)
        training = TrainingSettings()
        for setting in TrainingSetting.all {
            let value = try container.decode(JSONValue.self, forKey: SettingKey(setting.name))
            guard setting.set(value, in: &training) else {
                throw DecodingError.dataCorruptedError(
                    forKey: SettingKey(setting.name), in: container, debugDescription: "not a value of \(setting.name)")
            }
        }
        encoding = try container.decode(String.self, forKey: SettingKey("encoding"))
        trainShare = try container.decode(Int.self, forKey: SettingKey("trainShare"))
        rule = try container.decode(SplitRule.self, forKey: SettingKey("rule"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: SettingKey.self)
        for setting in TrainingSetting.all { try setting.encode(training, to: &container) }
        try container.encode(encoding, forKey: SettingKey("encoding"))
        try container.encode(trainShare, forKey: SettingKey("trainShare"))
        try container.encode(rule, forKey: SettingKey("rule"))
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

import BikeModel

/// One experiment of `pipeline/experiments/NAME.json`: which data, which settings, which seeds.
public struct ExperimentSpec: Codable, Sendable {
    public struct DataSpec: Codable, Equatable, Sendable {
        public var encoding: DataEncoding
        public var trainShare: Int
        public var rule: SplitRule
        /// The raw data file, a path in the project; nil: the Makefile's DATA (data/train.csv).
        public var file: String?

        public init(encoding: DataEncoding, trainShare: Int, rule: SplitRule, file: String? = nil) {
            self.encoding = encoding
            self.trainShare = trainShare
            self.rule = rule
            self.file = file
        }
    }

    /// The options of `train` an experiment gives, by `TrainingSetting`; absent ones take
    /// train's defaults, and only the given ones are written back.
    public struct TrainingSpec: Codable, Sendable {
        /// The settings, train's defaults where the file is silent.
        public private(set) var settings = TrainingSettings()
        /// The names of the settings the file gives.
        public private(set) var given: Set<String> = []

        /// Sets `setting` to `value` (one of its values, checked before): as if the file gave it.
        public mutating func set(_ setting: TrainingSetting, _ value: JSONValue) {
            if setting.set(value, in: &settings) { given.insert(setting.name) }
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: SettingKey.self)
            for setting in TrainingSetting.all {
                let key = SettingKey(setting.name)
                guard container.contains(key) else {
                    if setting.required {
                        throw DecodingError.keyNotFound(
                            key,
                            .init(codingPath: container.codingPath, debugDescription: "\(setting.name) is required"))
                    }
                    continue
                }
                let value = try container.decode(JSONValue.self, forKey: key)
                guard setting.accepts(value) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container, debugDescription: "not a value of \(setting.name)")
                }
                set(setting, value)
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: SettingKey.self)
            for setting in TrainingSetting.all where given.contains(setting.name) {
                try setting.encode(settings, to: &container)
            }
        }
    }

    public var description: String
    public var data: DataSpec
    public var training: TrainingSpec
    public var seeds: SeedList

    public init(description: String, data: DataSpec, training: TrainingSpec, seeds: SeedList) {
        self.description = description
        self.data = data
        self.training = training
        self.seeds = seeds
    }

    public var settings: TrainingSettings { training.settings }

    /// The same settings as `train` options.
    public var trainArguments: [String] { settings.trainArguments(seeds: seeds.text) }
}

extension ExperimentSpec.DataSpec {
    /// The encodings a declaration may name (`raw` is the plan's own).
    public static let encodings = DataEncoding.declared.map(\.rawValue)

    /// The same split of the raw rows: what the steps that need each row's hour or month read.
    public var raw: ExperimentSpec.DataSpec { .init(encoding: .raw, trainShare: trainShare, rule: rule, file: file) }

    /// The data file's name without folder and `.csv`, naming its folders: nil for DATA's.
    public var fileStem: String? {
        file.map { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        }
    }

    /// The folder name of this data under build/data, e.g. report-t70 or report-contiguous-t75.
    public var variant: String {
        "\(fileStem.map { "\($0)-" } ?? "")\(encoding.rawValue)-\(rule == .contiguous ? "contiguous-" : "")t\(trainShare)"
    }
}

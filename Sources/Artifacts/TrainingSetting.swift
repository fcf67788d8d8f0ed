import BikeModel

/// One setting of `train`, written once: its name in `pipeline/` files and in `SET=`, its
/// `train` option, the values it takes, whether an experiment must give it, and what it means.
/// The experiment files' shape and decoding, a study's or a variant's change of it, the plan's
/// `train` command lines, results.json's `settings` and pipeline/README.md's rows all read
/// `TrainingSetting.all`; a new setting is one entry here (and the training code that uses it).
public struct TrainingSetting: Sendable {
    /// The values a setting takes.
    public enum Values: Sendable {
        case choice([String])
        case whole(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case flag
    }

    public enum Part: Sendable { case network, run }

    /// How the plan's `train` command line says it.
    public enum CommandLine: Sendable {
        /// `--option VALUE` in every command.
        case always
        /// `--no-OPTION` after the seeds when false.
        case negatedFlag
        /// `--option VALUE` after the seeds, only where it is not train's default: the text's
        /// commands read as they did before the setting existed.
        case unlessDefault
    }

    public let name: String
    /// The `train` option, without its dashes.
    public let option: String
    public let values: Values
    /// Whether an experiment file must give it; otherwise `train`'s default holds.
    public let required: Bool
    public let commandLine: CommandLine
    /// Its meaning for pipeline/README.md, before the values it takes.
    public let meaning: String
    /// Its name where published.json states it (a table's column or `settings`), if it does.
    public let published: String?
    /// Where labels say it: with the network, before the data, or with the run, after it.
    public let part: Part
    /// Its words in titles, legends and labels ("η 0.0001"), nil where they say nothing:
    /// `brief` (figures) leaves out what is the report's default.
    public let words: @Sendable (_ settings: TrainingSettings, _ brief: Bool) -> String?
    /// The setting's value in `settings`, as JSON holds it.
    public let read: @Sendable (TrainingSettings) -> JSONValue
    /// Sets it from a value of its `values` (checked before): false for any other.
    let write: @Sendable (inout TrainingSettings, JSONValue) -> Bool
    /// Sets it from its `train` option's text, unbounded (`TrainingSettings.validate` then says
    /// which bound a value breaks): false for text that is not one of its type's values.
    let parse: @Sendable (inout TrainingSettings, String) -> Bool

    public static func named(_ name: String) -> TrainingSetting? { all.first { $0.name == name } }

    /// Sets this setting in `settings`; false (and nothing set) for a value it does not take.
    @discardableResult
    public func set(_ value: JSONValue, in settings: inout TrainingSettings) -> Bool {
        guard accepts(value) else { return false }
        return write(&settings, value)
    }

    /// Whether `value` is one this setting takes.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (values, value) {
        case (.choice(let names), .string(let name)): names.contains(name)
        case (.whole(let range), .number(let n)):
            n == n.rounded() && Double(range.lowerBound) <= n
                && n <= Double(range.upperBound)
        case (.number(let range), .number(let n)): range.contains(n)
        case (.flag, .bool): true
        default: false
        }
    }

    /// Writes this setting of `settings` under its name: a whole number as one.
    func encode(_ settings: TrainingSettings, to container: inout KeyedEncodingContainer<SettingKey>) throws {
        let value = read(settings), key = SettingKey(name)
        if case .whole = values, let n = value.number {
            try container.encode(Int(n), forKey: key)
        } else {
            try container.encode(value, forKey: key)
        }
    }

    /// The value as `train` reads it on its command line.
    func argument(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): if case .whole = values { "\(Int(n))" } else { formatNumber(n) }
        default: value.description
        }
    }
}

/// A key of a record keyed by setting names (an experiment's `training`, a row's `settings`).
public struct SettingKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) { nil }
}

extension TrainingSetting {
    /// Every training setting, in the order `train`'s command lines, labels and the README
    /// list them.
    public static let all: [TrainingSetting] = [
        choice(
            "activation", Activation.self, \.activation, required: true, meaning: "the hidden units' f",
            published: "activation",
            words: { s, _ in s.activation.rawValue }),
        choice(
            "method", GradientDescent.self, \.method, required: true, meaning: "the gradient descent",
            published: "method",
            words: { s, _ in s.method.rawValue.uppercased() }),
        number(
            "learningRate", \.learningRate, TrainingSettings.Limits.learningRate, required: true, meaning: "η",
            published: "eta",
            words: { s, _ in "η \(formatNumber(s.learningRate))" }),
        whole(
            "batchSize", \.batchSize, TrainingSettings.Limits.batchSize, meaning: "MGD's batch", published: "batch",
            // A batch size is a setting only of the method that takes batches.
            words: { s, _ in s.method == .mgd ? "batch \(s.batchSize)" : nil }),
        whole(
            "hiddenUnits", \.hiddenUnits, TrainingSettings.Limits.hiddenUnits, meaning: "q", published: "hidden",
            words: { s, _ in "q = \(s.hiddenUnits)" }),
        TrainingSetting(
            name: "earlyStopping", option: "early-stopping", values: .flag, required: false,
            commandLine: .negatedFlag,
            meaning: "stop by the rule and keep the best epoch's weights, or run every epoch and keep the last's",
            published: "early_stopping", part: .run,
            words: { s, brief in
                !brief || !s.earlyStopping ? (s.earlyStopping ? "early stopping" : "no early stopping") : nil
            },
            read: { .bool($0.earlyStopping) },
            write: { settings, value in
                guard case .bool(let flag) = value else { return false }
                settings.earlyStopping = flag
                return true
            },
            // A flag's option takes no text: `--early-stopping` or `--no-early-stopping`.
            parse: { _, _ in false }),
        whole(
            "maxEpochs", \.maxEpochs, TrainingSettings.Limits.maxEpochs, meaning: "the epoch limit",
            published: "max_epochs", part: .run,
            words: { s, brief in !brief || !s.earlyStopping ? "at most \(s.maxEpochs) epochs" : nil }),
        whole(
            "patience", \.patience, TrainingSettings.Limits.patience,
            meaning: "stop after more than this many epochs without a new best", part: .run,
            words: { s, _ in s.patience != TrainingSettings().patience ? "patience \(s.patience)" : nil }),
        number(
            "tolerance", \.tolerance, TrainingSettings.Limits.tolerance,
            meaning: "stop when the validation MSE exceeds (1 + tolerance) × the best", part: .run,
            words: { s, _ in
                s.tolerance != TrainingSettings().tolerance ? "tolerance \(formatNumber(s.tolerance))" : nil
            }),
        choice(
            "exponential", Exponential.self, \.exponential, commandLine: .unlessDefault,
            meaning:
                "the exponential the units call: exact (e^x, as the text says) or guarded (the report's program's: sigmoid and tanh units become constants; METHOD.md)",
            part: .run,
            words: { s, _ in s.exponential != TrainingSettings().exponential ? "\(s.exponential.rawValue) exp" : nil }
        ),
        number(
            "minImprovement", \.minImprovement, TrainingSettings.Limits.minImprovement, commandLine: .unlessDefault,
            meaning:
                "the share a new best epoch must improve on the best by: 0, any improvement, as the text says and the submitted program does; 0.005 in the copy of the program kept with the acceptance data",
            part: .run,
            words: { s, _ in
                s.minImprovement != TrainingSettings().minImprovement
                    ? "new best by \(formatNumber(100 * s.minImprovement))%" : nil
            }),
        choice(
            "weightsWithoutStopping", ReportedEpoch.self, \.weightsWithoutStopping, commandLine: .unlessDefault,
            meaning:
                "without early stopping, the epoch whose weights the run reports: last (as the text reads) or best (the report's program keeps the best epoch's copy whatever stops it)",
            part: .run,
            words: { s, _ in
                !s.earlyStopping && s.weightsWithoutStopping != TrainingSettings().weightsWithoutStopping
                    ? "best epoch's weights" : nil
            })
    ]

    private static func option(_ name: String) -> String {
        name.reduce(into: "") { out, c in out += c.isUppercase ? "-" + c.lowercased() : String(c) }
    }

    private static func choice<T: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _: T.Type, _ key: WritableKeyPath<TrainingSettings, T> & Sendable, required: Bool = false,
        commandLine: CommandLine = .always, meaning: String, published: String? = nil, part: Part = .network,
        words: @escaping @Sendable (TrainingSettings, Bool) -> String?
    ) -> TrainingSetting where T.RawValue == String {
        TrainingSetting(
            name: name, option: option(name), values: .choice(T.allCases.map(\.rawValue)), required: required,
            commandLine: commandLine, meaning: meaning, published: published, part: part, words: words,
            read: { .string($0[keyPath: key].rawValue) },
            write: { settings, value in
                guard case .string(let text) = value, let chosen = T(rawValue: text) else { return false }
                settings[keyPath: key] = chosen
                return true
            },
            parse: { settings, text in
                guard let chosen = T(rawValue: text) else { return false }
                settings[keyPath: key] = chosen
                return true
            })
    }

    private static func whole(
        _ name: String, _ key: WritableKeyPath<TrainingSettings, Int> & Sendable, _ range: ClosedRange<Int>,
        meaning: String, published: String? = nil, part: Part = .network,
        words: @escaping @Sendable (TrainingSettings, Bool) -> String?
    ) -> TrainingSetting {
        TrainingSetting(
            name: name, option: option(name), values: .whole(range), required: false, commandLine: .always,
            meaning: meaning, published: published, part: part, words: words,
            read: { .number(Double($0[keyPath: key])) },
            write: { settings, value in
                guard let n = value.number else { return false }
                settings[keyPath: key] = Int(n)
                return true
            },
            parse: { settings, text in
                guard let n = Int(text) else { return false }
                settings[keyPath: key] = n
                return true
            })
    }

    private static func number(
        _ name: String, _ key: WritableKeyPath<TrainingSettings, Double> & Sendable, _ range: ClosedRange<Double>,
        required: Bool = false, commandLine: CommandLine = .always, meaning: String, published: String? = nil,
        part: Part = .network, words: @escaping @Sendable (TrainingSettings, Bool) -> String?
    ) -> TrainingSetting {
        TrainingSetting(
            name: name, option: option(name), values: .number(range), required: required, commandLine: commandLine,
            meaning: meaning, published: published, part: part, words: words, read: { .number($0[keyPath: key]) },
            write: { settings, value in
                guard let n = value.number else { return false }
                settings[keyPath: key] = n
                return true
            },
            parse: { settings, text in
                guard let n = Double(text) else { return false }
                settings[keyPath: key] = n
                return true
            })
    }
}

extension TrainingSettings {
    /// These settings as `train` options, training `seeds`: every `always` setting in table
    /// order, the seeds, then the others where they say something.
    public func trainArguments(seeds: String) -> [String] {
        let defaults = TrainingSettings()
        var arguments: [String] = []
        for setting in TrainingSetting.all where setting.commandLine == .always {
            arguments += ["--" + setting.option, setting.argument(setting.read(self))]
        }
        arguments += ["--seeds", seeds]
        for setting in TrainingSetting.all {
            let value = setting.read(self)
            switch setting.commandLine {
            case .always: break
            case .negatedFlag: if value == .bool(false) { arguments.append("--no-" + setting.option) }
            case .unlessDefault:
                if value != setting.read(defaults) { arguments += ["--" + setting.option, setting.argument(value)] }
            }
        }
        return arguments
    }
}

extension TrainingSetting {
    /// pipeline/README.md's row for this setting: `training.NAME`, its meaning, its values and
    /// its default.
    public var readmeRow: String {
        let fallback = read(TrainingSettings())
        let values: String
        switch self.values {
        case .choice(let names): values = names.map { "`\($0)`" }.joined(separator: ", ")
        case .whole(let range): values = "\(readable(Double(range.lowerBound)))–\(readable(Double(range.upperBound)))"
        case .number(let range): values = "from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        case .flag: values = "`true` or `false`"
        }
        let given = required ? "required" : "default \(fallbackText(fallback))"
        return "| `training.\(name)` | \(meaning); \(values) (\(given)) |"
    }

    private func fallbackText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "`\(s)`"
        case .bool(let b): "`\(b)`"
        default: argument(value)
        }
    }
}

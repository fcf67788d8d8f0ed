import BikeModel

/// `train`'s settings options, read by the settings table (`TrainingSetting.all`) rather than
/// declared one by one in the tool: a new setting gets its option, its parsing and its line in
/// `train --help` from its table entry alone. What is not a setting's option is left, in order,
/// for the tool (its two feature tables).
public struct TrainOptions: Equatable, Sendable {
    public private(set) var settings = TrainingSettings()
    /// The settings the command line gave, by name.
    public private(set) var given: Set<String> = []
    /// The arguments that are no setting's option, in their order.
    public private(set) var operands: [String] = []

    /// Reads `arguments`: `--OPTION VALUE` or `--OPTION=VALUE` for a setting with values,
    /// `--OPTION` and `--no-OPTION` for a flag. A setting given twice, a missing value or a
    /// value not of the setting's type is refused (bounds are `TrainingSettings.validate`'s).
    /// Without `--learning-rate`, the rate is the report's for the method.
    public init(parsing arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--"), let (setting, value, flag) = Self.option(argument) else {
                operands.append(argument)
                continue
            }
            guard given.insert(setting.name).inserted else { throw UsageError("--\(setting.option) is given twice") }
            if let flag {
                setting.set(.bool(flag), in: &settings)
                continue
            }
            // A value that starts with a dash is the next option, as ArgumentParser reads it.
            guard let text = value ?? rest.first, !text.hasPrefix("-") || value != nil else {
                throw UsageError("--\(setting.option) needs a value: \(setting.valueName)")
            }
            if value == nil { rest.removeFirst() }
            guard setting.parse(&settings, text) else {
                throw UsageError("--\(setting.option): \(Quoted(text)) is not \(setting.valueName)")
            }
        }
        if !given.contains(Self.learningRate) { settings.learningRate = settings.method.reportLearningRate }
    }

    /// The one setting whose default on `train`'s command line follows another's value: the
    /// learning rate is the report's for the method (Table 2), as experiment files must give it.
    static let learningRate = "learningRate"

    /// The setting an argument names: with its text after `=`, or for a flag whether it is set
    /// (`--OPTION`) or cleared (`--no-OPTION`); nil for an argument that names none.
    private static func option(_ argument: String) -> (TrainingSetting, value: String?, flag: Bool?)? {
        let body = argument.dropFirst(2)
        let name = body.prefix { $0 != "=" }
        let value = name.count < body.count ? String(body.dropFirst(name.count + 1)) : nil
        for setting in TrainingSetting.all {
            if case .flag = setting.values {
                if value == nil && name == setting.option { return (setting, nil, true) }
                if value == nil && name == "no-" + setting.option { return (setting, nil, false) }
            } else if name == setting.option {
                return (setting, value, nil)
            }
        }
        return nil
    }

    /// `train --help`'s lines for the settings, one per setting in table order: its option,
    /// its values, its meaning and train's default.
    public static var help: String {
        let defaults = TrainingSettings()
        let byMethod = GradientDescent.allCases.map { "\($0.rawValue) \(formatNumber($0.reportLearningRate))" }
        return TrainingSetting.all.map { setting in
            let fallback = setting.read(defaults)
            if case .flag = setting.values {
                let option = fallback == .bool(true) ? setting.option : "no-" + setting.option
                return "  --[no-]\(setting.option): \(setting.meaning) (default --\(option))"
            }
            let given =
                setting.name == learningRate
                ? "the report's for the method: " + byMethod.joined(separator: ", ") : setting.argument(fallback)
            return "  --\(setting.option) <\(setting.valueName)>: \(setting.meaning) (default \(given))"
        }.joined(separator: "\n")
    }
}

extension TrainingSetting {
    /// The values its option takes, as help and errors name them.
    var valueName: String {
        switch values {
        case .choice(let names): names.joined(separator: "|")
        case .whole(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number(let range): "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        case .flag: "no value"
        }
    }
}

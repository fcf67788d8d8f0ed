import Artifacts
import BikeModel

/// Settings said in words, for titles, legends and table labels: every setting a figure or a
/// table states comes from the experiments' own settings through here, never from free text.
public struct SettingsText: Sendable {
    /// What all the described runs share, e.g. "elu, MGD, η 0.0001, batch 100, q = 5, t = 75".
    public var common: String
    /// The keys in which the runs differ, in display order.
    public var varying: [String]
    public var brief = false

    /// One run's settings as ordered (key, words) pairs; keys that do not apply are left out
    /// (the batch size of a method that takes no batches). `brief` (for figures) also leaves out
    /// what is the report's default: its encoding, early stopping, and then the epoch cap.
    public static func words(_ settings: RunSettings, brief: Bool = false) -> [(key: String, text: String)] {
        var out: [(String, String)] = [
            ("activation", settings.activation.rawValue), ("method", settings.method.rawValue.uppercased()),
            ("learningRate", "η \(formatNumber(settings.learningRate))")
        ]
        if settings.method == .mgd { out.append(("batchSize", "batch \(settings.batchSize)")) }
        out.append(("hiddenUnits", "q = \(settings.hiddenUnits)"))
        out.append(("trainShare", "t = \(settings.trainShare)"))
        if settings.rule != .interleaved { out.append(("rule", "\(settings.rule.rawValue) split")) }
        if !brief || settings.encoding != "report" {
            out.append(("encoding", encodingWords[settings.encoding] ?? settings.encoding))
        }
        if !brief || !settings.earlyStopping {
            out.append(("earlyStopping", settings.earlyStopping ? "early stopping" : "no early stopping"))
        }
        if !brief || !settings.earlyStopping { out.append(("maxEpochs", "at most \(settings.maxEpochs) epochs")) }
        let defaults = TrainingSettings()
        if settings.patience != defaults.patience { out.append(("patience", "patience \(settings.patience)")) }
        if settings.tolerance != defaults.tolerance {
            out.append(("tolerance", "tolerance \(formatNumber(settings.tolerance))"))
        }
        if settings.exponential != defaults.exponential {
            out.append(("exponential", "\(settings.exponential.rawValue) exp"))
        }
        if settings.minImprovement != defaults.minImprovement {
            out.append(("minImprovement", "new best by \(formatNumber(100 * settings.minImprovement))%"))
        }
        return out
    }

    static let encodingWords = [
        "report": "the report's encoding", "none": "raw category codes", "fit": "means fitted on all rows",
        "fit-training": "means fitted on the training rows", "raw": "raw rows"
    ]

    public static func describe(_ specs: [ExperimentSpec], brief: Bool = false) -> SettingsText {
        describe(specs.map(RunSettings.init), brief: brief)
    }

    public static func describe(_ runs: [RunSettings], brief: Bool = false) -> SettingsText {
        let all = runs.map { words($0, brief: brief) }, full = runs.map { words($0) }
        var keys: [String] = []
        for run in all { for (key, _) in run where !keys.contains(key) { keys.append(key) } }
        // A setting left out of one run's brief words as the default still has a value: it
        // varies only if the values differ ("at most 100 epochs" is said once, not per run).
        let varying = keys.filter { key in
            Set(
                runs.indices.map { i in (all[i].first { $0.key == key } ?? full[i].first { $0.key == key })?.text ?? ""
                }
            ).count > 1
        }
        let common = (all.first ?? []).filter { !varying.contains($0.key) }.map(\.text).joined(separator: ", ")
        return SettingsText(common: common, varying: varying, brief: brief)
    }

    /// A run's label among the others: the settings it differs in, or all of them for one run.
    /// A setting the brief words leave out as the default is said in full where it is what
    /// the run differs in ("early stopping" beside "no early stopping"), so no label is empty.
    public func label(_ settings: RunSettings) -> String {
        let words = SettingsText.words(settings, brief: brief)
        guard !varying.isEmpty else { return words.map(\.text).joined(separator: ", ") }
        let full = SettingsText.words(settings)
        return varying.compactMap { key in (words.first { $0.key == key } ?? full.first { $0.key == key })?.text }
            .joined(separator: ", ")
    }

    public func label(_ spec: ExperimentSpec) -> String { label(RunSettings(spec)) }
}

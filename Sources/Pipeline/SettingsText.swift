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

    /// One run's settings as ordered (key, words) pairs: the network's training settings, its
    /// data, then the run's, each training setting in the words `TrainingSetting.all` gives it.
    /// Keys that do not apply are left out (the batch size of a method that takes no batches);
    /// `brief` (for figures) also leaves out the report's defaults: its encoding, early
    /// stopping, and then the epoch cap.
    public static func words(_ settings: RunSettings, brief: Bool = false) -> [(key: String, text: String)] {
        func training(_ part: TrainingSetting.Part) -> [(String, String)] {
            TrainingSetting.all.filter { $0.part == part }.compactMap { setting in
                setting.words(settings.training, brief).map { (setting.name, $0) }
            }
        }
        var out = training(.network)
        out.append(("trainShare", "t = \(settings.trainShare)"))
        if settings.rule != .interleaved { out.append(("rule", "\(settings.rule.rawValue) split")) }
        if !brief || settings.encoding != DataEncoding.report.rawValue {
            let words = DataEncoding(rawValue: settings.encoding).flatMap { encodingWords[$0] }
            out.append(("encoding", words ?? settings.encoding))
        }
        return out + training(.run)
    }

    static let encodingWords: [DataEncoding: String] = [
        .report: "the report's encoding", .none: "raw category codes", .fit: "means fitted on all rows",
        .fitTraining: "means fitted on the training rows", .raw: "raw rows"
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

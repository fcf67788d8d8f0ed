import Artifacts
import BikeModel
import Foundation

/// One setting of an experiment by its declared name (`hiddenUnits`, `trainShare`, `seeds`, …):
/// what a study's grid varies and what `make run SET=…` changes. A value is checked against the
/// same shape as in `experiments/NAME.json`, so a study or a variant can say nothing an
/// experiment file could not.
public enum ExperimentSetting {
    /// Every setting by name: the training settings, the data settings, and the seeds.
    public static let names: [String] = trainingNames + dataNames + ["seeds"]
    static let trainingNames = TrainingSetting.all.map(\.name)
    static let dataNames = ["encoding", "trainShare", "rule", "file"]

    /// The shape a value of `name` must have, from the experiment file's shape.
    static func shape(_ name: String) -> Shape? {
        guard case .object(let sections) = Declarations.experiment else { return nil }
        if name == "seeds" { return sections["seeds"]?.shape }
        let section = trainingNames.contains(name) ? "training" : dataNames.contains(name) ? "data" : nil
        guard let section, case .object(let fields)? = sections[section]?.shape else { return nil }
        return fields[name]?.shape
    }

    /// Refuses an unknown name (with the nearest known one) or a value of the wrong shape.
    static func check(_ name: String, _ value: JSONTree, file: String, path: [String]) throws {
        guard let shape = shape(name) else {
            let hint = Shape.nearest(name, among: names).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw InputError(
                file: file, line: value.line,
                (path.isEmpty ? "" : "\(path.joined(separator: ".")): ")
                    + "unknown setting \(Quoted(name))\(hint); known: \(names.joined(separator: ", "))"
            )
        }
        try shape.check(value, file: file, path: path + [name])
    }

    /// `spec` with `name` set to `value` (already checked).
    static func apply(_ name: String, _ value: JSONValue, to spec: inout ExperimentSpec) {
        if let setting = TrainingSetting.named(name) { return spec.training.set(setting, value) }
        let text: String = if case .string(let s) = value { s } else { "" }
        switch name {
        case "file": spec.data.file = text
        case "encoding": spec.data.encoding = DataEncoding(rawValue: text) ?? spec.data.encoding
        case "trainShare": spec.data.trainShare = value.number.map { Int($0) } ?? spec.data.trainShare
        case "rule": spec.data.rule = SplitRule(rawValue: text) ?? spec.data.rule
        case "seeds": spec.seeds = (try? SeedList(text)) ?? spec.seeds
        default: break
        }
    }

    /// `spec`'s value of `name`, as a declaration writes it; nil for the seeds or an unknown name.
    static func value(_ name: String, of spec: ExperimentSpec) -> JSONValue? {
        if let setting = TrainingSetting.named(name) { return setting.read(spec.training.settings) }
        switch name {
        case "file": return spec.data.file.map { .string($0) } ?? .null
        case "encoding": return .string(spec.data.encoding.rawValue)
        case "trainShare": return .number(Double(spec.data.trainShare))
        case "rule": return .string(spec.data.rule.rawValue)
        default: return nil
        }
    }

    /// The value's words in names and labels: `0.0001`, `elu`, `true`.
    package static func text(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): formatNumber(n)
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        default: "\(value)"
        }
    }

    /// The settings of a variant as a user types them, `hiddenUnits=10 learningRate=2e-4`
    /// (spaces between), each checked; `source` names where they came from in errors.
    public static func parse(_ text: String, source: String) throws -> [(name: String, value: JSONValue)] {
        var out: [(String, JSONValue)] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw InputError(file: source, "\(Quoted(String(word))): expected SETTING=VALUE, e.g. hiddenUnits=10")
            }
            let name = String(word[..<equals]), raw = String(word[word.index(after: equals)...])
            // A number or true/false as JSON reads it, unless the setting is text (seeds "0"); anything
            // else is a word.
            var isText = false
            if case .text? = shape(name) { isText = true }
            let parsed = (isText ? nil : try? JSONTree.parse(Array(raw.utf8), file: source)).flatMap {
                tree -> JSONTree? in
                switch tree.value {
                case .number, .bool: tree
                default: nil
                }
            }
            let tree = parsed ?? JSONTree(value: .string(raw), line: 1)
            do { try check(name, tree, file: source, path: []) } catch var error as InputError {
                error.line = nil  // one line of text: a line number would say nothing
                throw error
            }
            guard !out.contains(where: { $0.0 == name }) else {
                throw InputError(file: source, "\(name) is set twice")
            }
            out.append((name, tree.plain))
        }
        return out
    }
}

extension JSONTree {
    /// The value without its lines.
    var plain: JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.plain))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.plain) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}

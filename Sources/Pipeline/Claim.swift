import Artifacts
import BikeModel
import Foundation
import Statistics

/// A claim about single runs, declared as data: the report's conclusions (tables.json) and a
/// study's claims (studies/NAME.json). Every condition must hold of one run of each
/// configuration it names; the verdict is the bootstrap probability over seeds that it does
/// (`RunBootstrap`, STATISTICS.md).
public struct ClaimSpec: Codable, Sendable {
    public var id: String
    /// The claim in words, as the report shows it beside its verdict.
    public var claim: String
    /// Where the claim comes from, when it is the lab report's.
    public var source: String?
    /// The verdict `make check` expects; absent: reported, not gated.
    public var expected: ConclusionVerdict?
    /// The verdict on the configurations' means `make check` expects (`judgeMeans`).
    public var expectedOnMeans: ConclusionVerdict?
    /// The measure operands name when they name none: `val_mse` by default.
    public var measure: String?
    /// Conclusions only: each configuration's name in the conditions → the experiment that runs it.
    public var runs: [String: String]?
    public var conditions: [Condition]

    /// One comparison on one run of each configuration it names. Operands are configuration
    /// names, `name:measure` for another measure than the claim's.
    public struct Condition: Codable, Sendable {
        public enum Test: String, Codable, CaseIterable, Sendable {
            /// factor × the largest of `of` is below the smallest of `than`.
            case below
            /// The largest of `of` is at most `within` above the smallest, relatively.
            case close
            /// Each of `of` is within `within` of `to` (a configuration, or `mean-predictor`).
            case near
            /// `of[0]` / `to` lies in `between`.
            case ratio
            /// `of[0]` − `minus` lies in `between`.
            case difference
            /// Each of `of` lies in `between`, or in `range` (`stated-range`: the headline's).
            case inside
        }
        public var test: Test
        public var of: [String]
        public var than: [String]?
        public var factor: Double?
        public var to: String?
        public var minus: String?
        public var within: Double?
        public var between: [Double]?
        public var range: String?
        public var measure: String?
    }

    /// Values a condition may compare with that are not runs.
    public struct References {
        /// The validation MSE of always predicting the training mean, on the split of `of[0]`'s runs.
        public var meanPredictor: (String) -> Double? = { _ in nil }
        /// Named ranges: `stated-range`, the headline's published stability claim.
        public var ranges: [String: ClosedRange<Double>] = [:]
        /// A configuration's name in the evidence: a study's point by its settings.
        public var label: (String) -> String = { $0 }
        public init() {}
    }

    public static let meanPredictor = "mean-predictor"
    public static let rangeNames = ["stated-range"]

    /// Every configuration a condition names, in order of first mention.
    public var configurations: [String] {
        var out: [String] = []
        for condition in conditions {
            var names = condition.of + (condition.than ?? []) + [condition.minus].compactMap { $0 }
            if let to = condition.to, to != Self.meanPredictor { names.append(to) }
            for name in names.map({ Self.operand($0).name }) where !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// `name:measure` apart.
    static func operand(_ text: String) -> (name: String, measure: String?) {
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The shape of a claim in a declaration file.
    static let shape = Shape.object([
        "id": .required(.text(.name)),
        "claim": .required(.text(.line)),
        "source": .optional(.text(.line)),
        "expected": .optional(.text(.oneOf(ConclusionVerdict.allCases.map(\.rawValue)))),
        "expectedOnMeans": .optional(.text(.oneOf(ConclusionVerdict.allCases.map(\.rawValue)))),
        "measure": .optional(.text(.oneOf(Measure.keys))),
        "runs": .optional(.map(key: .name, value: .text(.name))),
        "conditions": .required(
            .array(
                .object([
                    "test": .required(.text(.oneOf(Condition.Test.allCases.map(\.rawValue)))),
                    "of": .required(.array(.text(.line), count: 1...50)),
                    "than": .optional(.array(.text(.line), count: 1...50)),
                    "factor": .optional(.number(1e-6...1e6)),
                    "to": .optional(.text(.line)),
                    "minus": .optional(.text(.line)),
                    "within": .optional(.number(0...100)),
                    "between": .optional(.array(.number(-1e12...1e12), count: 2...2)),
                    "range": .optional(.text(.oneOf(rangeNames))),
                    "measure": .optional(.text(.oneOf(Measure.keys)))
                ]), count: 1...20))
    ])

    /// Refuses a condition missing what its test needs, an operand that names no configuration
    /// in `known`, or an unknown measure; `tree` is the claim's node, for lines.
    func validate(known: [String], file: String, tree: JSONTree, path: [String]) throws {
        for (index, condition) in conditions.enumerated() {
            let at = path + ["conditions", "\(index)"]
            func fail(_ key: String, _ message: String) -> InputError {
                InputError(
                    file: file, line: tree.line(at: ["conditions", "\(index)", key]),
                    "\(at.joined(separator: ".")): \(message)")
            }
            func need(_ key: String, _ present: Bool) throws {
                guard present else { throw fail("test", "the test \"\(condition.test.rawValue)\" needs \"\(key)\"") }
            }
            switch condition.test {
            case .below: try need("than", condition.than != nil)
            case .close: try need("within", condition.within != nil)
            case .near:
                try need("to", condition.to != nil)
                try need("within", condition.within != nil)
            case .ratio:
                try need("to", condition.to != nil)
                try need("between", condition.between != nil)
            case .difference:
                try need("minus", condition.minus != nil)
                try need("between", condition.between != nil)
            case .inside: try need("between or range", (condition.between != nil) != (condition.range != nil))
            }
            if [.ratio, .difference].contains(condition.test), condition.of.count != 1 {
                throw fail("of", "the test \"\(condition.test.rawValue)\" takes one configuration in \"of\"")
            }
            if let between = condition.between, !(between[0] <= between[1]) {
                throw fail("between", "expected [low, high] with low at most high")
            }
            let operands =
                condition.of.map { ("of", $0) } + (condition.than ?? []).map { ("than", $0) }
                + [condition.minus.map { ("minus", $0) }, condition.to.map { ("to", $0) }].compactMap { $0 }
            for (key, text) in operands {
                if key == "to" && text == Self.meanPredictor && condition.test == .near { continue }
                let (name, measure) = Self.operand(text)
                guard known.contains(name) else {
                    let hint = Shape.nearest(name, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                    throw fail(
                        key,
                        "\(Quoted(name)) names no configuration of this claim\(hint); known: \(known.joined(separator: ", "))"
                    )
                }
                if let measure, !Measure.keys.contains(measure) {
                    throw fail(
                        key,
                        "\(Quoted(measure)) is not a measure; known: \(Measure.keys.joined(separator: ", "))")
                }
            }
        }
    }

    /// The verdict on runs by configuration name: probability, verdict and the evidence in words
    /// (from each configuration's median over seeds).
    package func judge(_ runs: [String: [[String: Double]]], references: References) -> (
        probability: Double, estimate: ClaimProbability?, verdict: ConclusionVerdict, evidence: String
    ) {
        let names = configurations
        guard names.allSatisfy({ runs[$0]?.isEmpty == false }) else { return (.nan, nil, .inconclusive, "no runs") }
        // Each (configuration, measure) an operand reads gets a slot; a run becomes its numbers
        // by slot, so the bootstrap's hundreds of thousands of draws read numbers, not names.
        var slots: [(configuration: Int, measure: String)] = []
        func slot(_ text: String, _ condition: Condition) -> Int {
            let (name, measure) = Self.operand(text)
            let key = (names.firstIndex(of: name) ?? 0, measure ?? defaultMeasure(of: condition))
            if let found = slots.firstIndex(where: { $0 == key }) { return found }
            slots.append(key)
            return slots.count - 1
        }
        let resolved = conditions.map { condition in
            (
                condition: condition, of: condition.of.map { slot($0, condition) },
                than: (condition.than ?? []).map { slot($0, condition) },
                other: [condition.minus, condition.to == Self.meanPredictor ? nil : condition.to].compactMap { $0 }
                    .first.map { slot($0, condition) },
                reference: reference(condition, references),
                range: interval(condition, references)
            )
        }
        // Each slot's number in each run of its configuration: the claim reads them by index.
        let columns = slots.map { slot in runs[names[slot.configuration]]!.map { $0[slot.measure] ?? .nan } }
        let configurationOf = slots.map(\.configuration)
        let estimate = RunBootstrap.estimate(sizes: names.map { runs[$0]!.count }) { index in
            resolved.allSatisfy { r in
                let value = { (slot: Int) in columns[slot][index[configurationOf[slot]]] }
                return Self.holds(
                    r.condition, of: r.of, than: r.than, other: r.other.map(value) ?? r.reference ?? .nan,
                    range: r.range, value: value)
            }
        }
        let medians = Dictionary(
            uniqueKeysWithValues: names.map { name in
                let measures = Set(runs[name]!.flatMap(\.keys))
                return (
                    name,
                    Dictionary(
                        uniqueKeysWithValues: measures.map { m in
                            (m, Spread.of(runs[name]!.compactMap { $0[m] })?.median ?? .nan)
                        })
                )
            })
        let evidence = conditions.map { describe($0, references) { medians[$0] ?? [:] } }.joined(separator: "; ")
        return (estimate.probability, estimate, estimate.verdict, "medians: " + evidence + ".")
    }

    /// The measure an operand of `condition` reads when it names none.
    func defaultMeasure(of condition: Condition) -> String {
        condition.measure ?? measure ?? Measure.validationMSE.key
    }

    /// The value of an operand in one configuration's medians.
    private func value(_ text: String, _ condition: Condition, _ run: (String) -> [String: Double]) -> Double {
        let (name, measure) = Self.operand(text)
        return run(name)[measure ?? defaultMeasure(of: condition)] ?? .nan
    }

    /// The number a `near` compares with when it is not a run's: predicting the training mean.
    private func reference(_ condition: Condition, _ references: References) -> Double? {
        condition.to == Self.meanPredictor ? references.meanPredictor(Self.operand(condition.of[0]).name) : nil
    }

    /// Whether `condition` holds of the numbers it compares: `value` of the slots of `of` and
    /// `than`, and `other`, the value of `to` (a configuration's or the reference's) or of
    /// `minus`. A loop over slots, not arrays of numbers: it runs for every combination of runs.
    static func holds(
        _ condition: Condition, of: [Int], than: [Int], other: Double, range: ClosedRange<Double>?,
        value: (Int) -> Double
    ) -> Bool {
        // The largest and smallest as `max()` and `min()` find them, NaN and all.
        func extremes(_ slots: [Int]) -> (low: Double, high: Double)? {
            guard let first = slots.first else { return nil }
            var low = value(first), high = low
            for slot in slots.dropFirst() {
                let x = value(slot)
                if high < x { high = x }
                if x < low { low = x }
            }
            return (low, high)
        }
        switch condition.test {
        case .below:
            return (condition.factor ?? 1) * (extremes(of)?.high ?? .nan) < (extremes(than)?.low ?? .nan)
        case .close:
            guard let (low, high) = extremes(of) else { return false }
            return (high - low) / low <= condition.within ?? 0
        case .near:
            return of.allSatisfy { abs(value($0) - other) / other <= condition.within ?? 0 }
        case .ratio:
            return range.map { $0.contains(value(of[0]) / other) } ?? false
        case .difference:
            return range.map { $0.contains(value(of[0]) - other) } ?? false
        case .inside:
            return range.map { range in of.allSatisfy { range.contains(value($0)) } } ?? false
        }
    }

    private func target(_ condition: Condition, _ references: References, _ run: (String) -> [String: Double])
        -> Double?
    {
        guard let to = condition.to else { return nil }
        return reference(condition, references) ?? value(to, condition, run)
    }

    /// The range an `inside` condition (or a `ratio` or `difference`) puts its value in.
    func interval(_ condition: Condition, _ references: References) -> ClosedRange<Double>? {
        if let between = condition.between { return between[0]...between[1] }
        return condition.range.flatMap { references.ranges[$0] }
    }

    /// The condition in words, on the configurations' medians.
    func describe(_ condition: Condition, _ references: References, _ medians: (String) -> [String: Double])
        -> String
    {
        func named(_ texts: [String]) -> String {
            texts.map { "\(label($0, condition, references)) (\(readable(value($0, condition, medians))))" }
                .joined(separator: ", ")
        }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        let of = condition.of.map { value($0, condition, medians) }
        switch condition.test {
        case .below:
            let than = condition.than ?? []
            let factor = condition.factor.map { "\(formatNumber($0)) × " } ?? ""
            let need =
                condition.of.count == 1 && condition.factor == nil
                ? "needs it below each" : "needs \(factor)the highest of the first below the lowest of the others"
            return "\(named(condition.of)) against \(named(than)) (\(need))"
        case .close:
            let spread = ((of.max() ?? .nan) - (of.min() ?? .nan)) / (of.min() ?? .nan)
            return "\(named(condition.of)): \(pct(spread)) apart (at most \(pct(condition.within ?? 0)))"
        case .near:
            let target = self.target(condition, references, medians) ?? .nan
            let to =
                condition.to == Self.meanPredictor
                ? "predicting the training mean (\(readable(target)))" : named([condition.to ?? ""])
            let far = of.map { abs($0 - target) / target }.max() ?? .nan
            return
                "\(named(condition.of)) against \(to): at most \(pct(far)) away (allowed \(pct(condition.within ?? 0)))"
        case .ratio:
            let to = value(condition.to ?? "", condition, medians)
            let between = condition.between ?? [.nan, .nan]
            return
                "\(named(condition.of)) over \(named([condition.to ?? ""])): \(String(format: "%.2f", of[0] / to))× (\(formatNumber(between[0]))× to \(formatNumber(between[1]))×)"
        case .difference:
            let minus = value(condition.minus ?? "", condition, medians)
            let between = condition.between ?? [.nan, .nan]
            return
                "\(named(condition.of)) minus \(named([condition.minus ?? ""])): \(readable(of[0] - minus)) (\(readable(between[0])) to \(readable(between[1])))"
        case .inside:
            let range = interval(condition, references)
            let bounds = range.map { "\(readable($0.lowerBound))–\(readable($0.upperBound))" } ?? "no range"
            return "\(named(condition.of)) against the range \(bounds)"
        }
    }

    /// An operand as the evidence names it: `elu`, `q = 8`, or `full-run, validation MSE at the
    /// last epoch` for another measure than the condition's.
    private func label(_ text: String, _ condition: Condition, _ references: References) -> String {
        let (name, measure) = Self.operand(text)
        let label = references.label(name)
        guard let measure, measure != defaultMeasure(of: condition) else { return label }
        return "\(label), \(Measure.words(forKey: measure))"
    }
}

import BikeModel
import Foundation

/// Which rows a scaling's statistics (or a target-mean table) are computed from.
public enum StatisticRows: String, CaseIterable, Sendable {
    case all, training
    case trainingAndValidation = "training+validation"
}

/// The standard deviation's divisor: n (population) or n − 1 (sample, pandas' default).
public enum Divisor: String, CaseIterable, Sendable {
    case n
    case nMinusOne = "n-1"
}

/// A mean and sd over declared rows, applied to every row.
public struct ZScore: Equatable, Sendable {
    public var rows: StatisticRows
    public var divisor: Divisor

    public init(rows: StatisticRows, divisor: Divisor) {
        self.rows = rows
        self.divisor = divisor
    }

    /// The mean and sd of `values` at `indices`; nil when there are too few rows or no spread.
    func statistics(_ values: [Double], at indices: [Int]) -> (mean: Double, sd: Double)? {
        let n = indices.count
        guard n > (divisor == .nMinusOne ? 1 : 0) else { return nil }
        let mean = indices.reduce(0) { $0 + values[$1] } / Double(n)
        let squares = indices.reduce(0) { $0 + (values[$1] - mean) * (values[$1] - mean) }
        let sd = (squares / Double(divisor == .n ? n : n - 1)).squareRoot()
        return sd > 0 && sd.isFinite ? (mean, sd) : nil
    }
}

/// One entry of a report's ordered list of inputs; the network's inputs are the list's
/// columns in its order.
public enum InputEncoder: Equatable, Sendable {
    case passthrough(Feature)
    /// One column per declared level, in the declared order: 1 where the row's code is that
    /// level. A code outside the levels is refused; levels are never inferred from the rows.
    case oneHot(Feature, levels: [Int])
    case zScore(Feature, ZScore)
    /// The mean count of the row's code over the declared rows, divided by 100 (the report's).
    case targetMean(Feature, rows: StatisticRows)

    public var feature: Feature {
        switch self {
        case .passthrough(let f), .oneHot(let f, _), .zScore(let f, _), .targetMean(let f, _): f
        }
    }

    public var width: Int {
        if case .oneHot(_, let levels) = self { levels.count } else { 1 }
    }
}

/// How a report's rows are split.
public enum RowSplit: Equatable, Sendable {
    /// Row i trains when i mod 100 < t (the report's).
    case interleaved(trainShare: Int)
    /// The first `percent` of rows train, the rest validate.
    case first(percent: Int)
    /// Every row trains and validates (the course's acceptance check: its loss is the training loss).
    case all
    /// From the end: the last `test` rows test, the `validation` rows before them validate, the
    /// rest train (Udacity's).
    case fromEnd(test: Int, validation: Int)

    /// Row indices of each part, in file order.
    public func parts(rowCount n: Int) -> (training: [Int], validation: [Int], test: [Int]) {
        switch self {
        case .interleaved(let t):
            let training = (0..<n).filter { $0 % 100 < t }
            return (training, (0..<n).filter { $0 % 100 >= t }, [])
        case .all:
            return (Array(0..<n), Array(0..<n), [])
        case .first(let percent):
            let cut = n * percent / 100
            return (Array(0..<cut), Array(cut..<n), [])
        case .fromEnd(let test, let validation):
            let testStart = max(0, n - test), validationStart = max(0, testStart - validation)
            return (Array(0..<validationStart), Array(validationStart..<testStart), Array(testStart..<n))
        }
    }
}

/// What a declared report's data is: its inputs in order, the target raw or z-scored, whether
/// predictions become whole non-negative counts, and the split.
public struct DataDeclaration: Equatable, Sendable {
    public var inputs: [InputEncoder]
    /// nil: the raw count.
    public var target: ZScore?
    public var wholeCounts: Bool
    public var split: RowSplit

    public init(inputs: [InputEncoder], target: ZScore?, wholeCounts: Bool, split: RowSplit) {
        self.inputs = inputs
        self.target = target
        self.wholeCounts = wholeCounts
        self.split = split
    }

    public var inputCount: Int { inputs.reduce(0) { $0 + $1.width } }
}

/// A report's rows encoded as its data declaration says: inputs row-major, the target in the
/// units the network trains in, and how to map a prediction back to bikes an hour.
public struct EncodedData: Sendable {
    public let inputCount: Int
    public let inputs: [Double]
    public let targets: [Double]
    /// Bikes an hour, unscaled.
    public let counts: [Double]
    public let training: [Int], validation: [Int], test: [Int]
    /// Rows to predict whose counts were not given (after every other row; counts 0 there).
    public let predict: [Int]
    public let targetMean: Double, targetSD: Double
    public let wholeCounts: Bool
    /// The same rows with each one-hot group as the one column that is 1: what training reads.
    public let sparse: SparseRows

    public func row(_ r: Int) -> ArraySlice<Double> { inputs[(r * inputCount)..<((r + 1) * inputCount)] }

    /// A value made a whole non-negative count where the report declares whole counts (they go
    /// with a raw target, so trained units are counts), left as it is otherwise.
    public func whole(_ value: Double) -> Double { wholeCounts ? max(value, 0).rounded(.toNearestOrEven) : value }

    /// A network output as bikes an hour: unscaled, and made a whole non-negative count where declared.
    public func count(fromOutput y: Double) -> Double { whole(y * targetSD + targetMean) }

    /// Rows already encoded: a test's fixture, or a notebook's record.
    public init(
        inputCount: Int, inputs: [Double], targets: [Double], counts: [Double], training: [Int], validation: [Int],
        test: [Int], targetMean: Double, targetSD: Double, wholeCounts: Bool, oneHotGroups: [Range<Int>] = []
    ) {
        precondition(inputs.count == inputCount * targets.count && counts.count == targets.count)
        self.inputCount = inputCount
        self.inputs = inputs
        self.targets = targets
        self.counts = counts
        (self.training, self.validation, self.test) = (training, validation, test)
        predict = []
        (self.targetMean, self.targetSD) = (targetMean, targetSD)
        self.wholeCounts = wholeCounts
        sparse = SparseRows(inputs: inputs, inputCount: inputCount, groups: oneHotGroups)
    }

    /// `files`' rows concatenated in order, encoded as `declaration` says; `unlabeled`'s rows
    /// after them, encoded with the statistics of the others, to be predicted.
    public init(_ files: [HourlyRecords], _ declaration: DataDeclaration, unlabeled: HourlyRecords? = nil) throws {
        guard let first = files.first else { throw UsageError("a report's data names no file") }
        let n = files.reduce(0) { $0 + $1.rowCount }
        let every = files + [unlabeled].compactMap { $0 }
        let total = every.reduce(0) { $0 + $1.rowCount }
        predict = Array(n..<total)
        // The file and line of row r, for a refusal that names them.
        func place(_ r: Int) -> (file: String, line: Int) {
            var r = r
            for file in every {
                if r < file.rowCount { return (file.file, file.lines[r]) }
                r -= file.rowCount
            }
            return (first.file, 0)
        }
        let counts = every.flatMap(\.counts)
        let parts = declaration.split.parts(rowCount: n)
        guard !parts.training.isEmpty, !parts.validation.isEmpty else {
            throw InputError(file: first.file, "the split leaves no training or no validation rows (\(n) rows)")
        }
        (training, validation, test) = parts
        func rows(_ which: StatisticRows) -> [Int] {
            switch which {
            case .all: Array(0..<n)
            case .training: parts.training
            case .trainingAndValidation: parts.training + parts.validation
            }
        }
        inputCount = declaration.inputCount
        var inputs = [Double](repeating: 0, count: total * inputCount)
        var column = 0
        var groups: [Range<Int>] = []
        for encoder in declaration.inputs {
            let values = every.flatMap { file in (0..<file.rowCount).map { file.value(encoder.feature, row: $0) } }
            switch encoder {
            case .passthrough:
                for r in 0..<total { inputs[r * inputCount + column] = values[r] }
            case .oneHot(let feature, let levels):
                for r in 0..<total {
                    // Only a whole number the size of a code can be a level (and converts safely).
                    let code = values[r].rounded() == values[r] && abs(values[r]) <= 1e6 ? Int(values[r]) : nil
                    guard let code, let level = levels.firstIndex(of: code) else {
                        throw InputError(
                            file: place(r).file, line: place(r).line,
                            "\(feature.rawValue) is \(readable(values[r])), not one of its declared levels \(levels.map(String.init).joined(separator: ", "))"
                        )
                    }
                    inputs[r * inputCount + column + level] = 1
                }
                groups.append(column..<(column + levels.count))
            case .zScore(let feature, let scaling):
                guard let (mean, sd) = scaling.statistics(values, at: rows(scaling.rows)) else {
                    throw InputError(
                        file: first.file,
                        "\(feature.rawValue) has no spread over the \(scaling.rows.rawValue) rows to scale by")
                }
                for r in 0..<total { inputs[r * inputCount + column] = (values[r] - mean) / sd }
            case .targetMean(let feature, let which):
                var sums: [Double: (Double, Int)] = [:]
                for r in rows(which) {
                    sums[values[r], default: (0, 0)].0 += counts[r]
                    sums[values[r], default: (0, 0)].1 += 1
                }
                for r in 0..<total {
                    guard let (sum, count) = sums[values[r]] else {
                        throw InputError(
                            file: place(r).file, line: place(r).line,
                            "\(feature.rawValue) = \(readable(values[r])) never occurs in the \(which.rawValue) rows its mean is taken from"
                        )
                    }
                    inputs[r * inputCount + column] = sum / Double(count) / 100
                }
            }
            column += encoder.width
        }
        self.inputs = inputs
        sparse = SparseRows(inputs: inputs, inputCount: inputCount, groups: groups)
        self.counts = counts
        wholeCounts = declaration.wholeCounts
        if let scaling = declaration.target {
            guard let (mean, sd) = scaling.statistics(counts, at: rows(scaling.rows)) else {
                throw InputError(
                    file: first.file, "cnt has no spread over the \(scaling.rows.rawValue) rows to scale by")
            }
            (targetMean, targetSD) = (mean, sd)
            targets = counts.map { ($0 - mean) / sd }
        } else {
            (targetMean, targetSD) = (0, 1)
            targets = counts
        }
    }
}

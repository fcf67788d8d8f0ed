import BikeModel
import Foundation
import Statistics

/// A history file written by `train --history`: the loss curve of each seed; its writer and its
/// reader.
public struct LossHistory: Equatable, Sendable {
    /// Seed → its epochs in order.
    public var curves: [UInt64: [EpochLoss]]
    /// The seeds in the order they were trained, which is the order of the file.
    public var order: [UInt64]
    public var seeds: [UInt64] { curves.keys.sorted() }

    public init(curves: [UInt64: [EpochLoss]], order: [UInt64]? = nil) {
        self.curves = curves
        self.order = order ?? curves.keys.sorted()
    }

    /// The curves of `runs`, in their order.
    public init(runs: [TrainingRun]) {
        self.init(
            curves: Dictionary(runs.map { ($0.settings.seed, $0.history) }, uniquingKeysWith: { first, _ in first }),
            order: runs.map(\.settings.seed))
    }

    /// The CSV text: `epoch,training_mse,validation_mse,seed`, seed by seed; a training MSE not
    /// recorded is left empty.
    public var csvText: String {
        var text = "epoch,training_mse,validation_mse,seed\n"
        for seed in order {
            for row in curves[seed] ?? [] {
                text +=
                    "\(row.epoch),\(row.trainingMSE.map(formatNumber) ?? ""),\(formatNumber(row.validationMSE)),\(seed)\n"
            }
        }
        return text
    }

    /// The file and its sidecar, to write together with other outputs (`AtomicWrite.files`).
    public func files(to path: String, header: ArtifactHeader) throws -> [(path: String, data: Data)] {
        try AtomicWrite.csvFiles(
            csvText, to: path, header: header, rows: order.map { curves[$0]?.count ?? 0 }.reduce(0, +))
    }

    /// Reads and checks a history file; an empty or malformed one is refused with its line.
    public static func load(_ path: String) throws -> LossHistory {
        let sidecar = try CSVSidecar.load(for: path, expecting: .history)
        let table = try CSVTable(contentsOf: path)
        try sidecar.checkRows(table.rows.count, of: path)
        let columns = try table.columnIndices(["epoch", "training_mse", "validation_mse", "seed"])
        guard !table.rows.isEmpty else {
            throw InputError(file: path, line: table.headerLine, "the history has no epochs")
        }
        var curves: [UInt64: [EpochLoss]] = [:], order: [UInt64] = []
        for row in table.rows {
            func number(_ index: Int, _ name: String) throws -> Double {
                guard let value = DecimalText.double(row.fields[columns[index]]), value >= 0 else {
                    throw InputError(
                        file: path, line: row.line, column: name,
                        "expected a finite, non-negative decimal number, found \(Quoted(row.fields[columns[index]]))")
                }
                return value
            }
            guard let epoch = Int(row.fields[columns[0]]), epoch >= 1 else {
                throw InputError(
                    file: path, line: row.line, column: "epoch",
                    "expected an epoch number from 1, found \(Quoted(row.fields[columns[0]]))")
            }
            guard let seed = UInt64(row.fields[columns[3]]) else {
                throw InputError(
                    file: path, line: row.line, column: "seed",
                    "expected a seed, found \(Quoted(row.fields[columns[3]]))")
            }
            let training = row.fields[columns[1]].isEmpty ? nil : try number(1, "training_mse")
            let loss = EpochLoss(epoch: epoch, trainingMSE: training, validationMSE: try number(2, "validation_mse"))
            if let previous = curves[seed]?.last, previous.epoch + 1 != epoch {
                throw InputError(
                    file: path, line: row.line, column: "epoch",
                    "epoch \(epoch) of seed \(seed) follows epoch \(previous.epoch)")
            }
            if curves[seed] == nil { order.append(seed) }
            curves[seed, default: []].append(loss)
        }
        return LossHistory(curves: curves, order: order)
    }

    /// Per epoch, the median and range of the validation MSE over the seeds that ran that epoch
    /// (early stopping ends seeds at different epochs).
    public func validationSummary() -> [EpochSummary] {
        let longest = curves.values.map(\.count).max() ?? 0
        // In seed order: a dictionary's order changes from run to run, and so would a mean's last bit.
        let ordered = seeds.compactMap { seed in curves[seed].map { (seed, $0) } }
        return (0..<longest).map { index in
            let measured = ordered.compactMap { seed, curve in
                curve.count > index ? (seed, curve[index].validationMSE) : nil
            }
            // Each seed's value kept beside the statistics, so results.json can be recomputed.
            var spread = Spread(measured.map(\.1))
            spread.values = measured.map(\.1)
            spread.valueSeeds = measured.map(\.0)
            return EpochSummary(epoch: index + 1, spread: spread, seeds: measured.count)
        }
    }
}

public struct EpochSummary: Sendable {
    public var epoch: Int
    public var spread: Spread
    public var seeds: Int
}

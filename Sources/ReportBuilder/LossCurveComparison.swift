import Artifacts
import BikeModel
import Foundation
import Pipeline

/// The loss curve the report printed for its headline run, against the headline seeds' curves.
enum LossCurveComparison {
    /// Where a printed value lies against the 95% interval for one of our runs at that epoch.
    enum Place: Equatable {
        case ahead, within, behind, unknown
    }

    static func place(_ row: ReportResults.LossCurve.Row) -> Place {
        guard let interval = row.reproduced?.predictionInterval else { return .unknown }
        return row.published < interval[0] ? .ahead : row.published > interval[1] ? .behind : .within
    }

    static func build(printed: [[Double]], history: LossHistory, tolerance: Double?) throws -> ReportResults.LossCurve {
        let summary = history.validationSummary()
        let rows = printed.map { pair -> ReportResults.LossCurve.Row in
            let epoch = Int(pair[0]), published = pair[1]
            let reproduced =
                epoch >= 1 && epoch <= summary.count
                ? summary[epoch - 1].spread.judged(published: published, tolerance: tolerance) : nil
            return .init(epoch: epoch, published: published, reproduced: reproduced)
        }
        return .init(rows: rows, finding: finding(rows))
    }

    /// Runs of consecutive printed epochs on the same side of our runs, in words.
    static func finding(_ rows: [ReportResults.LossCurve.Row]) -> String {
        var groups: [(Place, [ReportResults.LossCurve.Row])] = []
        for row in rows {
            let p = place(row)
            if let last = groups.last, last.0 == p {
                groups[groups.count - 1].1.append(row)
            } else {
                groups.append((p, [row]))
            }
        }
        func epochs(_ rows: [ReportResults.LossCurve.Row]) -> String {
            rows.count == 1
                ? "epoch \(rows[0].epoch)"
                : "epochs \(rows.map { String($0.epoch) }.dropLast().joined(separator: ", ")) and \(rows.last!.epoch)"
        }
        func pairs(_ rows: [ReportResults.LossCurve.Row]) -> String {
            rows.map { "\(readable($0.published)) against \(readable($0.reproduced?.median ?? .nan))" }.joined(
                separator: "; ")
        }
        let parts = groups.map { place, rows -> String in
            switch place {
            case .ahead:
                "at \(epochs(rows)) the printed value is below the 95% interval for one of our runs, so the report's run was ahead of ours (printed against our median: \(pairs(rows)))"
            case .behind:
                "at \(epochs(rows)) the printed value is above the 95% interval for one of our runs, so the report's run was behind ours (printed against our median: \(pairs(rows)))"
            case .within:
                "at \(epochs(rows)) the printed value lies within the 95% interval for one of our runs (printed against our median: \(pairs(rows)))"
            case .unknown: "at \(epochs(rows)) too few of our seeds ran to compare"
            }
        }
        guard !parts.isEmpty else { return "" }
        let text = parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}

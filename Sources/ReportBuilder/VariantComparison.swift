import Artifacts
import BikeModel
import Pipeline
import Statistics

/// What `make run` prints: a variant's result beside its base experiment's, measure by measure
/// (median, min–max over seeds, and the difference of the medians).
public enum VariantComparison {
    public static let measures = Measure.compared.map(\.key)

    /// The comparison of the model sets at `base` and `variant` as text.
    public static func text(base: String, baseName: String, variant: String, changes: String) throws -> String {
        let baseRuns = try ExperimentRuns(path: base, name: baseName)
        let variantRuns = try ExperimentRuns(path: variant, name: FilePath.folder(of: variant))
        return text(baseRuns, baseName: baseName, variantRuns, changes: changes, folder: FilePath.folder(of: variant))
    }

    static func text(
        _ base: ExperimentRuns, baseName: String, _ variant: ExperimentRuns, changes: String, folder: String
    ) -> String {
        func cell(_ spread: Spread?) -> String {
            spread.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—"
        }
        var rows = [["measure", "\(baseName), \(seeds(base))", "with \(changes), \(seeds(variant))", "difference"]]
        for measure in measures {
            let a = base.spread(measure), b = variant.spread(measure)
            var difference = "—"
            if let a, let b, a.median != 0 {
                let relative = (b.median - a.median) / a.median
                difference =
                    "\(b.median >= a.median ? "+" : "−")\(readable(abs(b.median - a.median))) (\(relative >= 0 ? "+" : "−")\(String(format: "%.1f", abs(100 * relative)))%)"
            }
            rows.append([Measure.words(forKey: measure), cell(a), cell(b), difference])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = "\(baseName) against the variant with \(changes) (runs in \(folder)/), median (min–max) over seeds:\n"
        for row in rows {
            out +=
                zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingTrailingSpaces() + "\n"
        }
        let diverged = variant.outcomes.filter(\.diverged).count
        if diverged > 0 { out += "\(diverged) of the variant's seeds diverged: its numbers are where they stopped.\n" }
        return out
    }

    static func seeds(_ runs: ExperimentRuns) -> String {
        runs.outcomes.count == 1 ? "1 seed" : "\(runs.outcomes.count) seeds"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var out = self
        while out.last == " " { out.removeLast() }
        return out
    }
}

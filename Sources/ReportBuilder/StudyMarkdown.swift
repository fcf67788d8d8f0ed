import Artifacts
import BikeModel

extension ReportMarkdown {
    /// The measures in words, for table headers.
    static let measureWords = [
        "val_mse": "validation MSE", "train_mse": "training MSE", "epochs_run": "epochs run",
        "best_epoch": "best epoch", "val_mse_best_epoch": "validation MSE at the best epoch",
        "train_mse_best_epoch": "training MSE at the best epoch",
        "val_mse_last_epoch": "validation MSE at the last epoch",
        "train_mse_last_epoch": "training MSE at the last epoch"
    ]

    /// The "Studies" section: per study, its table over the grid, its figure and each claim's
    /// verdict in a sentence, all from the results.
    static func studies(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        guard let studies = results.studies, !studies.isEmpty else { return "" }
        var md = "## Studies\n\n"
        md +=
            "Each study reruns an experiment over a grid of its settings (`pipeline/studies/NAME.json`, no published number needed) and judges its claims as the conclusions above are judged: on single runs, by bounds on the probability over seeds. A point whose settings are an experiment's own reads that experiment's runs.\n\n"
        for (name, study) in studies.sorted(by: { $0.key < $1.key }) {
            md += "### Study `\(name)`: \(study.settings.joined(separator: " × ")) of `\(study.base)`\n\n"
            md += study.description + "\n\n"
            if let claim = study.reportClaim {
                md +=
                    "The report's claim, in our words (\(study.reportClaimSource ?? "where is not given")): \(claim)\n\n"
            }
            md += studyTable(study, runsOf: { pipeline.reused[$0]?.experiment })
            md += "\n![Study \(name)](\(study.figure))\n\n"
            for claim in study.claims {
                let verdict = claim.verdict ?? .inconclusive
                md +=
                    "- **\(verdict.rawValue.prefix(1).uppercased() + verdict.rawValue.dropFirst())** (\(ReportMarkdown.probabilityWords(claim.probability, claim.probabilityBounds, claim.effectiveRuns))): \(claim.claim) — \(claim.evidence)\n"
            }
            if !study.claims.isEmpty { md += "\n" }
            if let note = study.note { md += note + "\n\n" }
        }
        return md
    }

    /// A study's rows: each measure's median (min–max) over the seeds; † marks a point where a
    /// seed hit the epoch limit or diverged.
    static func studyTable(_ study: StudyResult, runsOf: (String) -> String?) -> String {
        var md = "| \(study.settings.joined(separator: ", ")) | seeds | "
        md += study.measures.map { "\(measureWords[$0] ?? $0), median (min–max)" }.joined(separator: " | ")
        md += " | how the seeds stopped |\n"
        md += "|" + String(repeating: "---|", count: study.measures.count + 3) + "\n"
        var daggers = false
        for row in study.rows {
            let open = !row.unconvergedSeeds.isEmpty
            daggers = daggers || open
            let seeds = "\(row.seeds.count)" + (runsOf(row.experiment).map { " (`\($0)`'s runs)" } ?? "")
            let cells = study.measures.map { measure in
                row.measures[measure].map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—"
            }
            md +=
                "| \(row.label.replacingOccurrences(of: ",", with: ", "))\(open ? " †" : "") | \(seeds) | "
                + cells.joined(separator: " | ") + " | \(stopWords(row.stopReasons)) |\n"
        }
        if daggers {
            md +=
                "\n† \(study.rows.filter { !$0.unconvergedSeeds.isEmpty }.map { "\($0.label): \($0.unconvergedSeeds.count) of \($0.seeds.count) seeds" }.joined(separator: "; ")) hit the epoch limit or diverged: their numbers are where they stopped.\n"
        }
        return md
    }

    /// "tolerance 7, patience 3": how many seeds each stopping reason ended, most first.
    static func stopWords(_ reasons: [String: Int]) -> String {
        let words = [
            "tolerance": "validation MSE rose", "patience": "patience ran out", "maxEpochs": "epoch limit",
            "diverged": "diverged", "stalled": "stalled"
        ]
        return reasons.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { "\(words[$0.key] ?? $0.key) \($0.value)" }.joined(separator: ", ")
    }
}

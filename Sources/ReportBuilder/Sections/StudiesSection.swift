import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The studies of studies/: each grid measured, its claims judged, a figure each.
struct StudiesSection: ReportSection {
    func addFiguresFromResults(to plan: inout PlanBuilder) { plan.addStudyFigures() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        let pipeline = context.pipeline
        guard !pipeline.studies.isEmpty else { return }
        results.studies = try StudyResults.build(
            pipeline.studies, runs: context.experiments, published: pipeline.published, references: context.references,
            meanPredictorOf: context.meanPredictorOf, seedCap: pipeline.tables.maxSeeds)
        for study in pipeline.studies {
            results.figures[study.figure] =
                "Study \(study.name): median validation MSE over seeds against \(study.settings.joined(separator: " and ")), with the min–max band of the seeds."
        }
    }

    /// Each study in the results with the grid its file declares, and each of its claims
    /// with an expected verdict held to it.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        for study in pipeline.studies {
            let found = results.studies?[study.name]
            let grid = found?.rows.map(\.label) == study.points.map(\.name)
            items.append(
                CheckItem(
                    suite: "studies", name: "\(study.name): in the results, with its grid",
                    failure: grid
                        ? nil
                        : "study '\(study.name)' is missing from the results or has another grid than studies/\(study.name).json"
                ))
            for claim in study.spec.claims ?? [] {
                let judged = found?.claims.first { $0.id == claim.id }, file = "studies/\(study.name).json"
                items += [
                    Checks.claim(claim, judged, suite: "studies", file: file),
                    Checks.claimOnMeans(claim, judged, suite: "studies", file: file)
                ].compactMap { $0 }
            }
        }
        return items
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        ReportMarkdown.studies(results, pipeline: pipeline)
    }
}

extension PlanBuilder {
    /// A figure per study, from its rows in the results.
    mutating func addStudyFigures() {
        let results = PlanPath(.figures, "results.json")
        for study in pipeline.studies {
            let figure = PlanPath(.figures, study.figure)
            // The settings all points share: the grid's own are in the title already.
            let specs = study.points.compactMap { pipeline.runSpec($0.experiment) }
            let base = specs.isEmpty ? nil : SettingsText.describe(specs, brief: true).common
            add(
                PlanRule(
                    id: "figure-\(study.figure)", targets: [figure], inputs: [results], tool: .plot,
                    arguments: [
                        "study", .path(results), "--study", .literal(study.name),
                        "--title",
                        .literal(
                            "Study \(study.name): \(study.settings.joined(separator: " × "))\(base.map { " (\($0))" } ?? "")"
                        ),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
    }
}

extension ReportMarkdown {
    /// The "Studies" section: per study, its table over the grid, its figure and each claim's
    /// verdict in a sentence, all from the results.
    static func studies(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        guard let studies = results.studies, !studies.isEmpty else { return "" }
        var md = "## Studies\n\n"
        md +=
            "Each study reruns an experiment over a grid of its settings (`pipeline/studies/NAME.json`, no published number needed) and judges its claims as the conclusions above are judged: on the configurations' means (0.05 over the study's claims, Bonferroni), and on single runs, by bounds on the probability over seeds. A point whose settings are an experiment's own reads that experiment's runs.\n\n"
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
                let lead =
                    claim.onMeans.map(onMeansWords)
                    ?? "**\(capitalized(verdict.rawValue))**"
                md +=
                    "- \(lead); single runs: \(verdict.rawValue) (\(ReportMarkdown.probabilityWords(claim.probability, claim.probabilityBounds, claim.effectiveRuns))). \(claim.claim) — \(claim.evidence)\n"
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
        md += study.measures.map { "\(Measure.words(forKey: $0)), median (min–max)" }.joined(separator: " | ")
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

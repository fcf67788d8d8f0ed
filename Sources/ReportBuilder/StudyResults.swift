import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The studies measured: a row per grid point from its runs, and each claim judged on them.
enum StudyResults {
    static func build(
        _ studies: [Study], runs: [String: ExperimentRuns], published: PipelineSpec.Published,
        references: ClaimSpec.References, meanPredictorOf: @escaping (String) -> Double?, seedCap: Int? = nil
    ) throws -> [String: StudyResult] {
        var out: [String: StudyResult] = [:]
        for study in studies {
            var rows: [StudyResult.Row] = []
            var byName: [String: [Conclusions.Run]] = [:]
            for point in study.points {
                guard let found = runs[point.experiment], !found.outcomes.isEmpty else {
                    throw InputError(file: "studies/\(study.name).json", "no runs of the point \(point.name)")
                }
                var measures: [String: Spread] = [:]
                for measure in study.measures { measures[measure] = found.spreadWithValues(measure) }
                let unconverged = found.models.filter { model in
                    let t = model.training
                    return t.divergedAt != nil || (t.settings.earlyStopping && t.epochsRun >= t.settings.maxEpochs)
                }
                var row = StudyResult.Row(
                    value: point.values.count == 1 ? point.values[0] : .array(point.values), label: point.name,
                    experiment: point.experiment, seeds: found.outcomes.map(\.seed),
                    unconvergedSeeds: unconverged.map(\.training.settings.seed), measures: measures)
                row.stopReasons = found.stopReasons
                rows.append(row)
                byName[point.name] = found.outcomes.map(\.values)
            }
            var references = references
            references.label = { name in
                guard let point = study.points.first(where: { $0.name == name }) else { return name }
                return zip(study.settings, point.values).map { "\($0) = \(ExperimentSetting.text($1))" }
                    .joined(separator: ", ")
            }
            references.meanPredictor = { name in
                study.points.first { $0.name == name }.flatMap { meanPredictorOf($0.experiment) }
            }
            let specs = study.spec.claims ?? []
            let claims = specs.map { spec in
                var claim = Conclusions.judged(spec, byName, references: references)
                claim.onMeans = spec.judgeMeans(
                    byName, references: references, family: specs.count, seedCap: seedCap)
                return claim
            }
            var result = StudyResult(
                description: study.spec.description, base: study.spec.base, settings: study.settings,
                measures: study.measures, rows: rows, claims: claims, figure: study.figure)
            if let name = study.spec.reportClaim, let claim = published.claims?[name] {
                result.reportClaim = claim.text
                result.reportClaimSource = claim.source
            }
            result.note = study.spec.note
            out[study.name] = result
        }
        return out
    }
}

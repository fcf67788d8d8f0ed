import Artifacts
import BikeModel
import Foundation
import Plan

extension ReportDeclaration {
    /// Every report declared under `folder` (a folder per report, each with its report.json),
    /// in name order; none when the folder does not exist.
    public static func all(in folder: String, project: String = ".") throws -> [ReportDeclaration] {
        guard FileManager.default.fileExists(atPath: project + "/" + folder) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: project + "/" + folder).sorted()
        return try names.compactMap { name in
            let path = folder + "/" + name
            guard FileManager.default.fileExists(atPath: project + "/" + path + "/report.json") else { return nil }
            if let problem = Declared.nameProblem(name) ?? Declared.pathProblem(path) {
                throw InputError(file: path, "a report's folder needs a plain name: \(problem)")
            }
            let report = try ReportDeclaration.load(folder: path, project: project)
            try report.checkDataFiles(project: project)
            return report
        }
    }
}

extension MakePlan {
    /// A declared report's rules: each run trained, its two figures drawn, then its results and
    /// words; all of them goals of `make report`.
    public mutating func add(_ report: ReportDeclaration) {
        let folder = PlanPath(.project, report.folder), declaration = PlanPath(.project, report.file)
        let data = report.inputFiles.map { PlanPath(.project, $0) }
        let runs = PlanPath(.build, "reports/\(report.name)/runs")
        let figures = report.folder + "/figures"
        var runFiles: [PlanPath] = []
        for run in report.runs {
            let file = PlanPath(.build, "reports/\(report.name)/runs/\(run.name).json")
            runFiles.append(file)
            rules.append(
                PlanRule(
                    id: "declared-\(report.name)-train-\(run.name)", targets: [file], inputs: [declaration] + data,
                    tool: .train,
                    arguments: ["--report", .path(folder), "--run", .literal(run.name), "-o", .path(file)],
                    progress: "[\(report.name)] training \(run.name): \(run.seeds.values.count) seeds",
                    seeds: run.seeds.values.count))
            let titles = [
                "losses": "\(report.title): loss curves of \(run.name)",
                "test": "\(report.title): the test rows, \(run.name)"
            ]
            for kind in report.figureKinds {
                let title = titles[kind]!
                let figure = PlanPath(.project, "\(figures)/\(kind)-\(run.name).png")
                rules.append(
                    PlanRule(
                        id: "declared-\(report.name)-\(kind)-\(run.name)", targets: [figure], inputs: [file],
                        tool: .plot,
                        arguments: [
                            .literal("declared-\(kind)"), .path(file), "--title", .literal(title), "-o", .path(figure)
                        ]))
                goals.append(figure)
            }
        }
        let results = PlanPath(.project, "\(figures)/results.json"),
            markdown = PlanPath(.project, "\(figures)/report.md")
        rules.append(
            PlanRule(
                id: "declared-\(report.name)-results", targets: [results, markdown],
                inputs: [declaration] + data + runFiles,
                tool: .report,
                arguments: ["declared", .path(folder), "--runs", .path(runs), "-o", .path(PlanPath(.project, figures))])
        )
        goals += [results, markdown]
        otherDeclarations.append(declaration)
        declaredReports.append(folder)
    }
}

import Artifacts
import Pipeline
import ReportBuilder
import TestSupport

/// The project's own declarations and its committed results, as `make check` reads them.
enum Committed {
    static let pipeline = Fixtures.committedPipeline
    static let results = Result {
        try ArtifactJSON.decode(
            ReportResults.self, from: Fixtures.repository.appendingPathComponent("figures/results.json").path)
    }
}

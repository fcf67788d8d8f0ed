import Artifacts
import BikeModel
import Drawing
import Figures
import Foundation
import Testing

@Suite("The report's figures")
struct FigureTests {
    func folder() -> String {
        let path = NSTemporaryDirectory() + "bike-report-figures-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A history file with its sidecar, as `train --history` writes it.
    func history(_ text: String, in dir: String) throws -> String {
        let path = dir + "/history.csv"
        let header = ArtifactHeader(schema: .history, tool: "test", parameters: [:], inputs: [])
        try AtomicWrite.csv(text, to: path, header: header, rows: text.split(separator: "\n").count - 1)
        return path
    }

    @Test("a loss-curve figure is at least 1200 × 800 and the same bytes every time")
    func lossCurve() throws {
        let dir = folder()
        let path = try history("epoch,training_mse,validation_mse,seed\n1,9000,8800,0\n2,7000,6900,0\n3,6000,6100,0\n", in: dir)
        let curves = try LossHistory.load(path)
        let a = try Figures.lossCurve(curves, seed: 0, model: nil, title: "test").pngData()
        let b = try Figures.lossCurve(curves, seed: 0, model: nil, title: "test").pngData()
        #expect(a == b)
        let bitmap = try #require(Bitmap(png: a))
        #expect(bitmap.width >= 1200 && bitmap.height >= 800)
    }

    @Test("an empty or malformed history is a clear error, and no PNG is written", arguments: [
        ("", "empty"),
        ("epoch,training_mse,validation_mse,seed\n", "no epochs"),
        ("epoch,training_mse,validation_mse,seed\n1,9000,lots,0\n", "history.csv:2: column 'validation_mse'"),
        ("epoch,training_mse,validation_mse,seed\n1,9000,8000,0\n3,7000,6000,0\n", "follows epoch 1"),
        ("epoch,validation_mse\n1,9000\n", "missing column"),
    ])
    func badHistory(text: String, says: String) throws {
        let dir = folder()
        let path = try history(text, in: dir)
        #expect { try LossHistory.load(path) } throws: { "\($0)".contains(says) && "\($0)".contains("history.csv") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.png"))
    }

    @Test("values near the largest Double draw a figure instead of trapping", arguments: ["1.7e308", "1e300", "0"])
    func extremeValues(value: String) throws {
        let dir = folder()
        let path = try history("epoch,training_mse,validation_mse,seed\n1,\(value),\(value),0\n2,5000,1.5e308,0\n3,6000,6100,0\n", in: dir)
        let curves = try LossHistory.load(path)
        let loss = try Figures.lossCurve(curves, seed: 0, model: nil, title: "extreme", logY: false).pngData()
        let logLoss = try Figures.lossCurve(curves, seed: 0, model: nil, title: "extreme", logY: true).pngData()
        let comparison = Figures.comparison([("a", curves), ("b", curves)], title: "extreme", logY: false).pngData()
        #expect(Bitmap(png: loss) != nil && Bitmap(png: logLoss) != nil && Bitmap(png: comparison) != nil)
    }
}

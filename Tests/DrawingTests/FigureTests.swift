import Artifacts
import BikeModel
import Foundation
import Statistics
import TestSupport
import Testing

// `@testable`: text wrapping and padding are internal to Drawing.
@testable import Drawing
// `@testable`: the figures' label layout (dodge, subtitles, seed counts) is internal to Figures and tested here.
@testable import Figures

@Suite("The report's figures")
struct FigureTests {
    func folder() -> String { Fixtures.folder() }

    /// A history file with its sidecar, as `train --history` writes it.
    func history(_ text: String, in dir: String) throws -> String {
        let path = dir + "/history.csv"
        let header = ArtifactHeader(schema: .history, tool: .train, parameters: [:], inputs: [])
        try AtomicWrite.csv(text, to: path, header: header, rows: text.split(separator: "\n").count - 1)
        return path
    }

    @Test("a loss-curve figure is at least 1200 × 800 and the same bytes every time")
    func lossCurve() throws {
        let dir = folder()
        let path = try history(
            "epoch,training_mse,validation_mse,seed\n1,9000,8800,0\n2,7000,6900,0\n3,6000,6100,0\n", in: dir)
        let curves = try LossHistory.load(path)
        let a = try Figures.lossCurve(curves, seed: 0, model: nil, title: "test").pngData()
        let b = try Figures.lossCurve(curves, seed: 0, model: nil, title: "test").pngData()
        #expect(a == b)
        let bitmap = try #require(Bitmap(png: a))
        #expect(bitmap.width >= 1200 && bitmap.height >= 800)
    }

    @Test(
        "an empty or malformed history is a clear error, and no PNG is written",
        arguments: [
            ("", "empty"),
            ("epoch,training_mse,validation_mse,seed\n", "no epochs"),
            ("epoch,training_mse,validation_mse,seed\n1,9000,lots,0\n", "history.csv:2: column 'validation_mse'"),
            ("epoch,training_mse,validation_mse,seed\n1,9000,8000,0\n3,7000,6000,0\n", "follows epoch 1"),
            ("epoch,validation_mse\n1,9000\n", "missing column")
        ])
    func badHistory(text: String, says: String) throws {
        let dir = folder()
        let path = try history(text, in: dir)
        #expect { try LossHistory.load(path) } throws: { "\($0)".contains(says) && "\($0)".contains("history.csv") }
        // The tool itself, asked for a PNG from it: an error naming the file, a non-zero exit, no PNG.
        let result = try Fixtures.tool("plot", ["loss", path, "-o", dir + "/out.png"], in: dir)
        #expect(result.status != 0)
        #expect(result.error.contains("history.csv") && result.error.contains(says), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.png"))
    }

    @Test("values near the largest Double draw a figure instead of trapping", arguments: ["1.7e308", "1e300", "0"])
    func extremeValues(value: String) throws {
        let dir = folder()
        let path = try history(
            "epoch,training_mse,validation_mse,seed\n1,\(value),\(value),0\n2,5000,1.5e308,0\n3,6000,6100,0\n", in: dir)
        let curves = try LossHistory.load(path)
        let loss = try Figures.lossCurve(curves, seed: 0, model: nil, title: "extreme", logY: false).pngData()
        let logLoss = try Figures.lossCurve(curves, seed: 0, model: nil, title: "extreme", logY: true).pngData()
        let comparison = Figures.comparison([("a", curves), ("b", curves)], title: "extreme", logY: false).pngData()
        #expect(Bitmap(png: loss) != nil && Bitmap(png: logLoss) != nil && Bitmap(png: comparison) != nil)
    }

    @Test("a comparison says what its lines are, per curve when the seed counts differ, and which curves coincide")
    func comparisonWords() {
        let same = Figures.comparisonSubtitle(labels: ["a", "b"], counts: [10, 10], medians: [[9, 8, 7], [9, 8, 7, 6]])
        #expect(
            same
                == "line: median over 10 seeds; band: lowest to highest seed; median shown while at least half the seeds are still training\na and b are the same runs up to epoch 3; markers tell them apart"
        )
        let close = Figures.comparisonSubtitle(
            labels: ["elu", "relu"], counts: [10, 20], medians: [[100, 90], [100.5, 89.5]])
        #expect(close.hasPrefix("line: median over each curve's seeds (in the legend)"))
        #expect(close.hasSuffix("elu and relu coincide within 1% at every epoch; markers tell them apart"))
        let apart = Figures.comparisonSubtitle(labels: ["a", "b"], counts: [1, 1], medians: [[100, 90], [120, 80]])
        #expect(apart == "line: the one seed's run")
        let stops = Figures.comparisonSubtitle(
            labels: ["early stopping", "no early stopping"], counts: [10, 10], medians: [[9, 8, 7.0], [9, 8, 7.01, 7.2]]
        )
        #expect(
            stops.hasSuffix("are the same runs up to epoch 2, then within 1% of each other; markers tell them apart"))
        #expect(Figures.seedCount(1) == "1 seed" && Figures.seedCount(20) == "20 seeds")
    }

    @Test("the sweep figure's key names only the marks it draws, and its ◆ marks are spread around the rate")
    func sweepWords() {
        #expect(
            Figures.sweepSubtitle(hollow: false, diverged: false)
                == "line: median over seeds, band: lowest to highest; ◆ the report's rate")
        #expect(
            Figures.sweepSubtitle(hollow: true, diverged: true).hasSuffix(
                "○ not converged (a seed hit the epoch limit); ▲ along the top: some seeds diverged"))
        let factors = (0..<4).map { Figures.dodge($0, of: 4) }
        #expect(Set(factors).count == 4)
        #expect(abs(factors[0] * factors[3] - 1) < 1e-12 && abs(factors[1] * factors[2] - 1) < 1e-12)
        #expect(Figures.dodge(0, of: 1) == 1)
    }

    @Test("subtitles wrap at spaces to the frame; padding keeps points off the frame")
    func layout() {
        let lines = Chart.wrap("aa bb cc dd", width: 5) { Double($0.count) }
        #expect(lines == ["aa bb", "cc dd"])
        #expect(Chart.wrap("toolongword x", width: 3) { Double($0.count) } == ["toolongword", "x"])
        #expect(Chart.padded(10...20, by: (0.1, 0.2), scale: .linear) == 9...22)
        let log = Chart.padded(1...100, by: (0.5, 0.5), scale: .log)
        #expect(abs(log.lowerBound - 0.1) < 1e-12 && abs(log.upperBound - 1000) < 1e-9)
    }

    @Test("--scale 2 draws the same figure at twice the size, the same bytes every time")
    func printScale() throws {
        let dir = folder()
        let curves = try LossHistory.load(
            try history("epoch,training_mse,validation_mse,seed\n1,9000,8800,0\n2,7000,6900,0\n", in: dir))
        let one = try #require(Bitmap(png: try Figures.lossCurve(curves, seed: 0, model: nil, title: "t").pngData()))
        let twice = try Figures.lossCurve(curves, seed: 0, model: nil, zoom: 2, title: "t").pngData()
        let two = try #require(Bitmap(png: twice))
        #expect(two.width == 2 * one.width && two.height == 2 * one.height)
        #expect(twice == (try Figures.lossCurve(curves, seed: 0, model: nil, zoom: 2, title: "t").pngData()))
    }

    @Test("every figure kind draws at its size: comparison, sweep, predicted, hourly and monthly")
    func everyKind() throws {
        let dir = folder()
        let curves = try LossHistory.load(
            try history("epoch,training_mse,validation_mse,seed\n1,,8800,0\n2,,6900,0\n1,,8700,1\n", in: dir))
        #expect(Bitmap(png: Figures.comparison([("one", curves)], title: "c").pngData())?.width == 1800)
        var point = BeyondResults.SweepPoint(
            learningRate: 0.001, factor: 1, validationMSE: Spread([5000, 5100]), divergedSeeds: [])
        point.converged = false
        let sweep = BeyondResults.Sweep(
            configuration: "elu", table: "activation", reportLearningRate: 0.001,
            points: [
                point, BeyondResults.SweepPoint(learningRate: 0.01, factor: 10, validationMSE: nil, divergedSeeds: [3])
            ], finding: "")
        #expect(Bitmap(png: Figures.sweep([sweep], title: "s").pngData())?.width == 1200)
        let predictions = Predictions(actual: [1, 5, 300], predicted: [2, 4, 250])
        #expect(Bitmap(png: Figures.predictedVsActual(predictions, title: "p").pngData())?.height == 800)
        // Hourly and monthly profiles need the raw rows the predictions were made on.
        let header =
            "instant,dteday,season,yr,mnth,hr,holiday,weekday,workingday,weathersit,temp,atemp,hum,windspeed,cnt\n"
        let rows =
            header
            + "1,2012-01-01,1,1,1,0,0,6,0,1,0.24,0.2879,0.81,0,1\n2,2012-06-01,2,1,6,8,0,5,1,1,0.5,0.5,0.5,0.1,5\n3,2012-12-01,4,1,12,17,0,1,1,2,0.3,0.3,0.6,0.2,300\n"
        try rows.write(toFile: dir + "/raw.csv", atomically: true, encoding: .utf8)
        let records = try HourlyRecords(contentsOf: dir + "/raw.csv")
        #expect(Bitmap(png: try Figures.hourlyProfile(predictions, rows: records, title: "h").pngData())?.width == 1200)
        #expect(
            Bitmap(png: try Figures.monthly(predictions, rows: records, reference: records, title: "m").pngData())?
                .width == 1200)
        // Rows that are not the predicted ones are refused.
        #expect(throws: InputError.self) {
            try Figures.hourlyProfile(Predictions(actual: [1], predicted: [1]), rows: records, title: "h")
        }
    }
}

/// Numbers at the edge of what a double holds reach every figure kind as axis ends: each is
/// drawn in bounded time and memory, never a trap.
@Suite("Figures at the limits")
struct FigureLimitTests {
    static let extremes: [Double] = [1e308, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, 1e-308, 0]

    @Test("ticks of a linear and a log axis stay finite and few for every extreme end", arguments: extremes)
    func ticks(extreme: Double) {
        for scale in [Scale.linear, .log] {
            for (lower, upper) in [(1.0, extreme), (extreme, 1.0), (extreme, extreme)] {
                let ticks = Ticks(lower: lower, upper: upper, scale: scale)
                #expect(ticks.values.count < 1000 && ticks.values.allSatisfy(\.isFinite))
                #expect(ticks.lower.isFinite && ticks.upper.isFinite)
            }
        }
    }

    @Test("every chart kind draws a series reaching 1e308 or inf on a linear and a log axis", arguments: extremes)
    func charts(extreme: Double) {
        for scale in [Scale.linear, .log] {
            var chart = Chart(title: "limits", xTitle: "x", yTitle: "y")
            chart.yScale = scale
            chart.xScale = scale
            chart.yPadding = (0.05, 0.6)
            chart.series = [Series(name: "a", x: [1, 2, 3], y: [1, extreme, 5], color: Color(hex: 0x336699))]
            chart.series[0].band = .init(x: [1, 2, 3], low: [0.5, extreme, 4], high: [2, extreme, 6])
            chart.verticals = [.init(x: extreme, label: "edge", color: Color(hex: 0x993333))]
            let canvas = Canvas(width: 400, height: 300)
            chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: 400, height: 300))
            #expect(!canvas.pngData().isEmpty)
        }
    }

    @Test("the sweep, predicted and comparison figures draw a value of 1e308 or inf", arguments: extremes)
    func figureKinds(extreme: Double) throws {
        let point = BeyondResults.SweepPoint(
            learningRate: 0.001, factor: 1, validationMSE: Spread([5000, extreme]), divergedSeeds: [])
        let sweep = BeyondResults.Sweep(
            configuration: "elu", table: "activation", reportLearningRate: 0.001,
            points: [
                point,
                BeyondResults.SweepPoint(
                    learningRate: 0.01, factor: 10, validationMSE: Spread([extreme, extreme]), divergedSeeds: [])
            ], finding: "")
        #expect(Bitmap(png: Figures.sweep([sweep], title: "s").pngData())?.width == 1200)
        let predictions = Predictions(actual: [1, 5, 300], predicted: [2, extreme, 250])
        #expect(Bitmap(png: Figures.predictedVsActual(predictions, title: "p").pngData())?.height == 800)
    }
}

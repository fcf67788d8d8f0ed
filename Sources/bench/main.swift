// make bench: milliseconds per epoch of each descent method on the headline data (elu, q = 5,
// t = 75), and, given the C yardstick's output, the ratio to it measured in the same minute;
// then, for a study of pipeline/studies/ that varies the hidden units, the time per epoch at
// each of its q and the verdict on whether it grows linearly with q.
import Artifacts
import BikeModel
import Foundation
import ReportBuilder

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let arguments = CommandLine.arguments.dropFirst()
let epochs = arguments.first.flatMap(Int.init) ?? 200
let referencePath = arguments.dropFirst().first
let pipelineFolder = arguments.dropFirst(2).first ?? "pipeline"

let records = try HourlyRecords(table: CSVTable(contentsOf: "data/train.csv"))
let encoded = try TargetMeanEncoding.report.encode(records)
var parts = [(features: [Double](), counts: [Double]()), (features: [Double](), counts: [Double]())]
for row in 0..<records.rowCount {
    let part = row % 100 < 75 ? 0 : 1
    parts[part].features += encoded[row * Feature.count..<(row + 1) * Feature.count]
    parts[part].counts.append(records.counts[row])
}
let training = FeatureTable(features: parts[0].features, counts: parts[0].counts)
let validation = FeatureTable(features: parts[1].features, counts: parts[1].counts)

/// Medians over `epochs` epochs of the training pass alone (as the C yardstick times it), of
/// the epoch as `train` runs it (pass and validation MSE), and of the extra pass over the
/// training rows that `train --history` adds for the training MSE.
func measure(_ method: GradientDescent) -> (pass: Double, epoch: Double, history: Double, validationMSE: Double) {
    var network = Network(hiddenUnits: 5, seed: 0)
    var passes: [Double] = [], epochs_: [Double] = [], histories: [Double] = []
    var sink = 0.0
    for _ in 0..<epochs {
        let start = now()
        network.trainEpoch(
            training, activation: .elu, method: method, learningRate: method.reportLearningRate, batchSize: 100)
        let trained = now()
        sink += network.meanSquaredError(validation, activation: .elu)
        let validated = now()
        sink += network.meanSquaredError(training, activation: .elu)
        let end = now()
        passes.append(trained - start)
        epochs_.append(validated - start)
        histories.append(end - validated)
    }
    precondition(sink.isFinite)
    return (
        1e3 * median(passes), 1e3 * median(epochs_), 1e3 * median(histories),
        network.meanSquaredError(validation, activation: .elu)
    )
}

func validationPass() -> Double {
    let network = Network(hiddenUnits: 5, seed: 0)
    var times: [Double] = [], sink = 0.0
    for _ in 0..<epochs {
        let start = now()
        sink += network.meanSquaredError(validation, activation: .elu)
        times.append(now() - start)
    }
    precondition(sink.isFinite)
    return 1e3 * median(times)
}

/// The C yardstick's medians, keyed SGD, MGD, BGD and validation, from its printed output.
func reference() -> [String: Double] {
    guard let referencePath, let text = try? String(contentsOfFile: referencePath, encoding: .utf8) else { return [:] }
    var result: [String: Double] = [:]
    for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        guard let medianAt = words.firstIndex(of: "median"), medianAt + 1 < words.count,
            let value = Double(words[medianAt + 1])
        else { continue }
        if line.hasPrefix("validation pass") {
            result["validation"] = value
        } else if let name = words.first, ["SGD", "MGD", "BGD"].contains(String(name)) {
            result[String(name)] = value
        }
    }
    return result
}

let methods: [GradientDescent] = [.sgd, .mgd, .bgd]
let results = methods.map { ($0, measure($0)) }
let validationTime = validationPass()
let yardstick = reference()

print(
    "Swift, elu, q = 5, t = 75 (\(training.rowCount) training rows, \(validation.rowCount) validation rows), medians over \(epochs) epochs"
)
print("method  eta      pass ms  C pass  ratio   epoch ms  C epoch  ratio   +history ms  samples/s  val MSE")
for (method, r) in results {
    let c = yardstick[method.rawValue.uppercased()]
    let cEpoch = c.flatMap { pass in yardstick["validation"].map { pass + $0 } }
    let columns = [
        method.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
        String(format: "%-7g", method.reportLearningRate),
        String(format: "%7.4f", r.pass),
        c.map { String(format: "%6.4f  %4.2fx", $0, r.pass / $0) } ?? "     -      -",
        String(format: "%8.4f", r.epoch),
        cEpoch.map { String(format: "%7.4f  %4.2fx", $0, r.epoch / $0) } ?? "      -      -",
        String(format: "%10.4f", r.history),
        String(format: "%10.3g", Double(training.rowCount) / (r.epoch / 1e3)),
        String(format: "%7.1f", r.validationMSE)
    ]
    print(columns.joined(separator: "  "))
}
print(
    String(format: "validation pass alone: %.4f ms", validationTime)
        + (yardstick["validation"].map { String(format: " (C %.4f ms, %.2fx)", $0, validationTime / $0) } ?? ""))
if yardstick.isEmpty {
    print("(no C yardstick output given: ratios left out)")
} else {
    print(
        "pass: the training pass, as C times it. epoch: pass + validation MSE, what `train` does each epoch; C epoch = its pass + its validation pass."
    )
    print(
        "+history: the pass over the training rows that `train --history` adds for the training MSE (C does no such pass)."
    )
}

/// Median milliseconds of an epoch as `train` runs it (pass and validation MSE) at `q` hidden units.
func epochTime(hiddenUnits q: Int, _ settings: TrainingSettings, epochs: Int) -> Double {
    var network = Network(hiddenUnits: q, seed: 0)
    var times: [Double] = [], sink = 0.0
    for _ in 0..<epochs {
        let start = now()
        network.trainEpoch(
            training, activation: settings.activation, method: settings.method, learningRate: settings.learningRate,
            batchSize: settings.batchSize)
        sink += network.meanSquaredError(validation, activation: settings.activation)
        times.append(now() - start)
    }
    precondition(sink.isFinite)
    return 1e3 * median(times)
}

/// The least-squares line through (x, y): intercept and slope.
func linearFit(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double) {
    let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }, sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let slope = sxx > 0 ? sxy / sxx : 0
    return (my - slope * mx, slope)
}

/// The share of the times' variance one straight line must explain (the coefficient of
/// determination R², e.g. Montgomery and Runger, Applied Statistics and Probability for
/// Engineers, 11.8) for the time to count as growing linearly with q.
let linearR2 = 0.98

let pipeline: PipelineSpec?
do { pipeline = try PipelineSpec.load(pipelineFolder) } catch {
    print("(the studies of \(pipelineFolder)/ could not be read: \(error))")
    pipeline = nil
}
for study in pipeline?.studies ?? [] where study.settings == ["hiddenUnits"] {
    guard let pipeline, let base = pipeline.experiment(study.spec.base) else { continue }
    let settings = base.settings
    let units = study.points.compactMap { $0.values.first?.number }.map(Int.init)
    let perEpoch = max(20, epochs / 5)
    let times = units.map { epochTime(hiddenUnits: $0, settings, epochs: perEpoch) }
    let fit = linearFit(units.map(Double.init), times)
    let words = SettingsText.words(RunSettings(base), brief: true).filter { $0.key != "hiddenUnits" }.map(\.text)
        .joined(separator: ", ")
    print("")
    print(
        "Study \(study.name) (\(words); timed on the t = 75 split above): milliseconds per epoch (training pass + validation MSE), medians over \(perEpoch) epochs"
    )
    print("q     epoch ms  ms per unit  straight line  off it  C epoch")
    let mean = times.reduce(0, +) / Double(times.count)
    var residual = 0.0, total = 0.0
    for (q, time) in zip(units, times) {
        let line = fit.intercept + fit.slope * Double(q)
        let off = (time - line) / line
        residual += (time - line) * (time - line)
        total += (time - mean) * (time - mean)
        let c =
            q == 5 && settings.method == .mgd && settings.activation == .elu
            ? yardstick["MGD"].flatMap { pass in yardstick["validation"].map { pass + $0 } } : nil
        print(
            [
                String(format: "%-4d", q), String(format: "%8.4f", time), String(format: "%11.4f", time / Double(q)),
                String(format: "%13.4f", line), String(format: "%+6.1f%%", 100 * off),
                c.map { String(format: "%7.4f (%.2fx)", $0, time / $0) } ?? "      -"
            ].joined(separator: "  "))
    }
    let r2 = total > 0 ? 1 - residual / total : 0
    let linear = fit.slope > 0 && r2 >= linearR2
    print(
        String(
            format: "least squares: %.4f + %.4f q ms, R² %.3f (linear at %.2f or more)", fit.intercept, fit.slope, r2,
            linearR2))
    if units.contains(5) {
        print("(q = 5, the report's, runs a copy of the loops with q a constant: some 10% sooner than the line)")
    }
    print(
        "verdict on \"the time per epoch grows linearly with q\": \(linear ? "holds" : "does not hold")"
            + " (q = \(units.first ?? 0) to \(units.last ?? 0) takes \(String(format: "%.1f", (times.last ?? 0) / (times.first ?? 1)))× the time for \(String(format: "%.0f", Double(units.last ?? 0) / Double(units.first ?? 1)))× the units)"
    )
}

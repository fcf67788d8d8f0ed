// make bench: per descent method on the headline data (elu, q = 5, t = 75), milliseconds per
// epoch of `train`'s own epoch function run here, of the `train` tool timed as a process, and
// of the C yardstick, in rounds that time each one after the other so that the machine's load
// moves them together, with their ratios and the share of this machine's peak; then, for a
// study of pipeline/studies/ that varies the hidden units, the time per epoch at each of its q
// and the verdict on whether it grows linearly with q. Between them, Udacity's step beside
// numpy and PyTorch (UdacityStep.swift).
//
// bench EPOCHS [REFERENCE] [PIPELINE]: REFERENCE is the C yardstick's program (run in every
// round on data.bin and init.bin beside it) or its printed output (one run, read as given).
import Artifacts
import BikeModel
import Foundation
import Pipeline
import ReportBuilder

let arguments = CommandLine.arguments.dropFirst()
let epochs = arguments.first.flatMap(Int.init) ?? 200
let referencePath = arguments.dropFirst().first
let pipelineFolder = arguments.dropFirst(2).first ?? "pipeline"
let folder = "build/bench"
let toolFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path

// The split `train` reads, made by the stages themselves: the report's encoding, t = 75.
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
try Preprocess.run(input: "data/train.csv", output: folder + "/encoded.csv", mode: .report, fitOn: nil)
try Split(trainShare: 75, rule: .interleaved).run(
    input: folder + "/encoded.csv", trainOutput: folder + "/training.csv", validationOutput: folder + "/validation.csv")
let training = try FeatureTable.load(folder + "/training.csv").0
let validation = try FeatureTable.load(folder + "/validation.csv").0

/// Medians over `epochs` epochs of the training pass alone (as the C yardstick times it) and of
/// the epoch as `train` runs it (`Network.trainEpoch`, then the validation MSE), with `loop`.
func measure(_ method: GradientDescent, _ loop: EpochLoop, epochs: Int = epochs) -> (
    pass: Double, epoch: Double, meanEpoch: Double, validationMSE: Double, fastestPass: Double
) {
    var network = Network(hiddenUnits: 5, seed: 0)
    var passes: [Double] = [], epochTimes: [Double] = []
    var sink = 0.0
    for _ in 0..<epochs {
        let start = now()
        network.trainEpoch(
            training, activation: .elu, method: method, learningRate: method.reportLearningRate, batchSize: 100,
            loop: loop)
        let trained = now()
        sink += network.meanSquaredError(validation, activation: .elu, loop: loop)
        passes.append(trained - start)
        epochTimes.append(now() - start)
    }
    precondition(sink.isFinite)
    return (
        1e3 * median(passes), 1e3 * median(epochTimes), 1e3 * epochTimes.reduce(0, +) / Double(epochTimes.count),
        network.meanSquaredError(validation, activation: .elu), 1e3 * (passes.min() ?? .nan)
    )
}

/// Milliseconds per epoch of the `train` tool as a process, every epoch run: the difference
/// between a long and a short run over the difference in epochs, so that starting, reading and
/// writing cancel; the median of `pairs` such pairs.
func trainToolEpoch(
    _ method: GradientDescent, epochs: Int = epochs, pairs: Int = 3, tool: String = toolFolder + "/train"
) -> Double? {
    guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
    func seconds(_ count: Int) -> Double? {
        spawn([
            tool, folder + "/training.csv", folder + "/validation.csv", "--method", method.rawValue,
            "--no-early-stopping", "--max-epochs", String(count), "-o", folder + "/timed-\(method.rawValue).json"
        ])
    }
    let (short, long) = toolRuns(epochs)
    var perEpoch: [Double] = []
    for _ in 0..<pairs {
        guard let a = seconds(short), let b = seconds(long) else { return nil }
        perEpoch.append(1e3 * (b - a) / Double(long - short))
    }
    return median(perEpoch)
}

/// The short and the long run whose difference times `epochs` epochs of the tool.
func toolRuns(_ epochs: Int) -> (short: Int, long: Int) { (max(10, epochs / 10), max(10, epochs / 10) + epochs) }

/// The yardstick's epoch for `method` in `times`: its pass and its validation pass.
func cEpoch(_ times: [String: Double], _ method: GradientDescent) -> Double? {
    times[method.rawValue.uppercased()].flatMap { pass in times["validation"].map { pass + $0 } }
}

/// The multiplies and adds of an epoch, q = 5, exponentials aside (METHOD.md): a training row's
/// forward pass (alpha 24 q, beta 2 q) and update (e_h, w_h and gamma_h 5 q, v 24 q), and a
/// validation row's forward pass.
let epochFlops = Double(training.rowCount * (24 + 2 + 5 + 24) * 5 + validation.rowCount * (24 + 2) * 5)

/// The yardstick's program, when REFERENCE names one rather than its output.
let referenceTool = referencePath.flatMap { path in
    FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

/// One run of the yardstick over `epochs` epochs: its program run now, on data.bin and init.bin
/// beside it; or, given its output instead, that output.
func reference(epochs: Int) -> [String: Double] {
    guard let referencePath else { return [:] }
    if let tool = referenceTool {
        let folder = URL(fileURLWithPath: tool).deletingLastPathComponent().path, output = folder + "/ref.txt"
        guard
            spawn([tool, folder + "/data.bin", folder + "/init.bin", String(epochs), "1"], output: output) != nil,
            let text = try? String(contentsOfFile: output, encoding: .utf8)
        else { return [:] }
        return referenceTimes(text)
    }
    return (try? String(contentsOfFile: referencePath, encoding: .utf8)).map(referenceTimes) ?? [:]
}

/// Rounds of the comparison: each runs the yardstick, then for each method the epoch here and
/// the `train` tool, one after the other, so that a change in the machine's load moves them
/// together. A time is the median over the rounds, a ratio the median of the rounds' ratios.
/// Given only the yardstick's output, one round.
let rounds = referenceTool == nil ? 1 : 9
let roundEpochs = referenceTool == nil ? epochs : max(50, epochs / rounds)
/// The tool's runs are longer than a round's epochs: a process's start and its files vary by
/// milliseconds, which over a hundred epochs would swamp a difference of a tenth of a millisecond.
let toolEpochs = max(roundEpochs, 500)
let methods = [GradientDescent.sgd, .mgd, .bgd]

/// One method in one round: its epoch here, the `train` tool's, and the yardstick's pass and
/// epoch (pass and validation pass).
struct MethodRound {
    var pass: Double, epoch: Double, meanEpoch: Double, validationMSE: Double
    var tool: Double?, cPass: Double?, cEpoch: Double?
    /// The round's fastest pass here and the yardstick's.
    var fastestPass: Double, cFastestPass: Double?
}

var measured: [GradientDescent: [MethodRound]] = [:]
var yardsticks: [[String: Double]] = []
for _ in 0..<rounds {
    let c = reference(epochs: roundEpochs)
    yardsticks.append(c)
    for method in methods {
        let r = measure(method, .vectorised, epochs: roundEpochs)
        let tool = trainToolEpoch(method, epochs: toolEpochs, pairs: rounds == 1 ? 3 : 1)
        let name = method.rawValue.uppercased()
        measured[method, default: []].append(
            MethodRound(
                pass: r.pass, epoch: r.epoch, meanEpoch: r.meanEpoch, validationMSE: r.validationMSE, tool: tool,
                cPass: c[name], cEpoch: cEpoch(c, method), fastestPass: r.fastestPass, cFastestPass: c[name + " min"]))
    }
}
/// The yardstick's medians over the rounds, for the lines below.
let yardstick = Dictionary(
    uniqueKeysWithValues: Set(yardsticks.flatMap(\.keys)).compactMap { key in
        median(yardsticks.map { $0[key] }).map { (key, $0) }
    })

/// The median of the rounds' a / b, nil where a round lacks either.
func ratioOfRounds(_ rounds: [MethodRound], _ a: (MethodRound) -> Double?, _ b: (MethodRound) -> Double?) -> Double? {
    median(rounds.map { round in a(round).flatMap { x in b(round).map { x / $0 } } })
}

let peak = peakFlops()
print(
    "Swift, elu, q = 5, t = 75 (\(training.rowCount) training rows, \(validation.rowCount) validation rows): "
        + (rounds > 1
            ? "\(rounds) rounds of \(roundEpochs) epochs, each round the C yardstick, then this machine's Swift epoch and the train tool, for each method; times are medians over the rounds, ratios the medians of the rounds' ratios"
            : "medians over \(epochs) epochs"))
print(
    "method  pass ms  C pass  ratio   epoch ms  train ms  bench/train  C epoch  ratio  train/C  reference pass ms  peak  val MSE"
)
for method in methods {
    let byRound = measured[method] ?? []
    let plain = measure(method, .reference, epochs: roundEpochs)
    let epoch = median(byRound.map(\.epoch)), tool = median(byRound.map(\.tool))
    let columns: [String] = [
        method.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
        String(format: "%7.4f", median(byRound.map(\.pass))), format("%6.4f", median(byRound.map(\.cPass))),
        times(ratioOfRounds(byRound, { $0.pass }, \.cPass)),
        String(format: "%8.4f", epoch), format("%8.4f", tool),
        format("%+10.1f%%", ratioOfRounds(byRound, { $0.meanEpoch }, \.tool).map { 100 * ($0 - 1) }),
        format("%7.4f", median(byRound.map(\.cEpoch))), times(ratioOfRounds(byRound, { $0.epoch }, \.cEpoch)),
        times(ratioOfRounds(byRound, \.tool, \.cEpoch)),
        String(format: "%17.4f", plain.pass),
        String(format: "%4.1f%%", 100 * epochFlops / (epoch / 1e3) / peak),
        String(format: "%7.1f", byRound.last?.validationMSE ?? .nan)
    ]
    print(columns.joined(separator: "  "))
}
if rounds > 1 {
    for method in methods {
        let byRound = measured[method] ?? []
        let epochRatios = byRound.map { round in round.cEpoch.map { round.epoch / $0 } }
        let toolRatios = byRound.map { round in round.tool.flatMap { t in round.cEpoch.map { t / $0 } } }
        print(
            "\(method.rawValue) by round, epoch / C epoch: \(epochRatios.map(times).joined(separator: " ")); train / C epoch: \(toolRatios.map(times).joined(separator: " "))"
        )
    }
    // Load on a shared machine only ever adds time: the fastest pass of all the rounds is the one
    // least disturbed, for both programs alike.
    let fastest = methods.map { method in
        let byRound = measured[method] ?? []
        let swift = byRound.map(\.fastestPass).min(), c = byRound.compactMap(\.cFastestPass).min()
        return "\(method.rawValue) \(format("%.4f", swift)) ms against C's \(format("%.4f", c)) ms, \(ratio(swift, c))"
    }
    print("fastest pass of all rounds: " + fastest.joined(separator: "; "))
}
// SGD as `train --seeds` runs it: eight seeds in the lanes of one vector, every epoch run.
do {
    var settings = TrainingSettings()
    settings.method = .sgd
    settings.learningRate = GradientDescent.sgd.reportLearningRate
    settings.maxEpochs = epochs
    settings.earlyStopping = false
    let seeds = (0..<Lanes.scalarCount).map { k in
        var s = settings
        s.seed = UInt64(k)
        return s
    }
    let one = measure(.sgd, .vectorised).epoch
    let start = now()
    let runs = trainStochastic(seeds: seeds, training: training, validation: validation)
    let perSeed = 1e3 * (now() - start) / Double(epochs * seeds.count)
    precondition(runs.allSatisfy { $0.epochsRun == epochs })
    print(
        "sgd, \(seeds.count) seeds in one vector's lanes (train --seeds): \(String(format: "%.4f", perSeed)) ms per seed-epoch, mean; "
            + "\(ratio(perSeed, one)) one seed's epoch, \(ratio(perSeed, cEpoch(yardstick, .sgd))) the C epoch")
}
print(
    "pass: the training pass, as C times it. epoch: pass + validation MSE, what `train` does each epoch (C epoch: its pass + its validation pass)."
)
print(
    "train: the `train` tool as a process, (time of \(toolRuns(toolEpochs).long) epochs - time of \(toolRuns(toolEpochs).short)) / \(toolEpochs), "
        + (rounds > 1 ? "once a round" : "median of 3")
        + "; bench/train: bench's own mean epoch against it (both means, so alike under noise)."
)
print(
    "reference pass: the training pass of the plain row-by-row loop (EpochLoop.reference), the same updates summed in row order (SGD runs row by row in both, the fast loop with a row's units in lanes: the same bits)."
)
print(
    String(
        format:
            "peak: %.1f GFLOP/s, 12 chains of multiply and add on 8-lane vectors; an epoch's share counts its %.2g multiplies and adds (q = 5, exponentials aside).",
        peak / 1e9, epochFlops))
if yardstick.isEmpty { print("(no C yardstick output given: ratios left out)") }

udacityStep(steps: max(50, epochs / 5), peak: peak, folder: folder)

// Other builds of `train` (BENCH_BUILDS="NAME=PATH ...", set by make bench): each timed as a
// process against this build's, alternately, per method: the ratio of their epochs.
let otherBuilds = (ProcessInfo.processInfo.environment["BENCH_BUILDS"] ?? "").split(separator: " ").compactMap {
    word -> (name: String, tool: String)? in
    let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
    return parts.count == 2 ? (parts[0], parts[1]) : nil
}
if !otherBuilds.isEmpty {
    print("")
    print(
        "This build of train (\(toolFolder)) beside other builds, as processes, \(toolEpochs) epochs, 5 alternating pairs: their epoch over this build's (median of the pairs' ratios)"
    )
    print(
        "build" + String(repeating: " ", count: 11)
            + methods.map { $0.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined())
    for build in otherBuilds {
        let ratios = methods.map { method in
            median(
                (0..<5).map { _ in
                    trainToolEpoch(method, epochs: toolEpochs, pairs: 1, tool: build.tool).flatMap { other in
                        trainToolEpoch(method, epochs: toolEpochs, pairs: 1).map { other / $0 }
                    }
                })
        }
        print(build.name.padding(toLength: 16, withPad: " ", startingAt: 0) + ratios.map { times($0) + "   " }.joined())
    }
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
            q == 5 && settings.method == .mgd && settings.activation == .elu ? cEpoch(yardstick, .mgd) : nil
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
    print(
        "verdict on \"the time per epoch grows linearly with q\": \(linear ? "holds" : "does not hold")"
            + " (q = \(units.first ?? 0) to \(units.last ?? 0) takes \(String(format: "%.1f", (times.last ?? 0) / (times.first ?? 1)))× the time for \(String(format: "%.0f", Double(units.last ?? 0) / Double(units.first ?? 1)))× the units)"
    )
}

// make bench's Udacity step: 128 training rows drawn with replacement, the update, and both
// losses over all their rows, timed for the project (the lanes `train` runs, and the plain loop
// they are tested against) and for the peers of bench/udacity_step.py (the notebook's numpy,
// vectorised numpy, PyTorch), one after the other in one run.
import BikeModel
import DeclaredReports
import Foundation
import GeneralModel

/// Multiplies and adds of one step, as the lanes do them: per row of the losses, each hidden
/// unit's terms (a multiply and an add each) and the output's; the batch's rows three times that
/// (forward, the gradient's terms, the error terms below).
func udacityStepFlops(rows: Int, batch: Int, terms: Int, hidden: Int) -> Double {
    let row = Double(2 * terms * hidden + 2 * hidden)
    return Double(rows) * row + 3 * Double(batch) * row
}

func udacityStep(steps: Int, peak: Double, folder: String) {
    let report: ReportDeclaration, data: EncodedData
    do {
        report = try ReportDeclaration.load(folder: "reports/udacity")
        data = try DeclaredTraining.data(report)
    } catch {
        print("(Udacity's step left out: reports/udacity could not be read: \(error))")
        return
    }
    guard let run = report.runs.first, case .withReplacement(let size, _) = run.training.batches else {
        print("(Udacity's step left out: reports/udacity declares no run with batches drawn with replacement)")
        return
    }
    var (start, generator) = DeclaredTraining.start(run, seed: 0, data: data)
    let widths = start.widths
    func batch() -> [Int] { (0..<size).map { _ in data.training[generator.index(below: data.training.count)] } }

    let lanes = LaneTraining(start, data)
    var sink = 0.0
    func laneStep() -> Double {
        let rows = batch()
        let begin = now()
        lanes.step(rows[...], learningRate: run.training.learningRate)
        sink += lanes.meanSquaredError(data.training) + lanes.meanSquaredError(data.validation)
        return now() - begin
    }
    var plain = start
    func plainStep() -> Double {
        let rows = batch()
        let begin = now()
        plain.step(data, batch: rows, learningRate: run.training.learningRate)
        sink += plain.meanSquaredError(data, rows: data.training) + plain.meanSquaredError(data, rows: data.validation)
        return now() - begin
    }
    _ = laneStep()
    let project = 1e3 * median((0..<steps).map { _ in laneStep() })
    let reference = 1e3 * median((0..<max(5, steps / 20)).map { _ in plainStep() })
    precondition(sink.isFinite)

    // The peers, run after the project in the same minute.
    let output = folder + "/udacity-step.txt"
    let script = "bench/udacity_step.py"
    var peers: [(name: String, ms: Double?, note: String)] = []
    if spawn(["/usr/bin/env", "python3", script, "--steps", String(steps)], output: output) != nil,
        let text = try? String(contentsOfFile: output, encoding: .utf8)
    {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2 else { continue }
            peers.append((words[0], Double(words[1]), Double(words[1]) == nil ? words[1] : ""))
        }
    } else {
        peers.append(
            ("peers", nil, "skipped: python3 \(script) did not run (python3 and numpy needed: pip install numpy torch)")
        )
    }

    let flops = udacityStepFlops(
        rows: data.training.count + data.validation.count, batch: size, terms: data.sparse.termsPerRow,
        hidden: widths[1])
    print("")
    print(
        "Udacity's step (reports/udacity, run \(run.name)): \(size) rows drawn with replacement, the update, both losses over \(data.training.count) + \(data.validation.count) rows; "
            + "median ms per step of \(steps) (the notebook's of \(max(10, steps / 10)), the plain loop's of \(max(5, steps / 20))), one thread each"
    )
    print("peer                 ms/step  project is  goal")
    let goals = ["notebook": 30.0, "numpy": 10.0, "torch": 10.0]
    func line(_ name: String, _ ms: Double?, _ goal: String, _ note: String = "") {
        let faster = ms.map { String(format: "%9.1fx", $0 / project) } ?? "         -"
        print(
            name.padding(toLength: 18, withPad: " ", startingAt: 0) + format("%9.4f", ms) + "  " + faster + "  "
                + goal + (note.isEmpty ? "" : "  " + note))
    }
    line(
        "project (lanes)", project, "",
        String(format: "%.1f%% of peak (%.2g multiplies and adds a step)", 100 * flops / (project / 1e3) / peak, flops))
    line("project plain loop", reference, "")
    for peer in peers {
        line(peer.name, peer.ms, goals[peer.name].map { String(format: ">= %.0fx", $0) } ?? "", peer.note)
    }
    print(
        "notebook: its record-by-record loop and whole-set losses in numpy; numpy: the step vectorised over the batch; torch: that step in PyTorch on the CPU. All in doubles, one thread (OMP/OpenBLAS/MKL threads 1, torch.set_num_threads(1))."
    )
}

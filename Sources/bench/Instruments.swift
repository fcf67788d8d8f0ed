// The measuring instruments of make bench: a clock, medians, a process timed from its start to
// its exit, this machine's peak, the yardstick's printed figures and the table's formats.
import BikeModel
import Foundation

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

/// Runs `arguments` (the program first) with its standard output to `output` and its errors
/// discarded: the seconds it took, nil if it could not start or failed. posix_spawn and waitpid,
/// not Foundation's Process, whose wait polls and so rounds a run's time up to tens of
/// milliseconds.
func spawn(_ arguments: [String], output: String = "/dev/null") -> Double? {
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let start = now()
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    guard waitpid(pid, &status, 0) == pid else { return nil }
    return status == 0 ? now() - start : nil
}

/// This machine's peak for doubles in multiplies and adds (the forward pass's are separate, the
/// exponential's and the batch sums' fused, each counted as both): 12 independent chains of a
/// multiply and an add on 8-lane vectors, enough to fill every pipeline; the best of five runs.
func peakFlops() -> Double {
    var best = 0.0
    for _ in 0..<5 {
        var acc = [Lanes](repeating: Lanes(repeating: 1), count: 12)
        let m = Lanes(repeating: 0.999_999_9), c = Lanes(repeating: 1e-7), rounds = 2_000_000
        let start = now()
        acc.withUnsafeMutableBufferPointer { a in
            var a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5]
            var a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11]
            for _ in 0..<rounds {
                a0 = a0 * m + c
                a1 = a1 * m + c
                a2 = a2 * m + c
                a3 = a3 * m + c
                a4 = a4 * m + c
                a5 = a5 * m + c
                a6 = a6 * m + c
                a7 = a7 * m + c
                a8 = a8 * m + c
                a9 = a9 * m + c
                a10 = a10 * m + c
                a11 = a11 * m + c
            }
            a[0] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11
        }
        let elapsed = now() - start
        precondition(acc[0].sum().isFinite)
        best = max(best, Double(rounds) * 12 * 2 * Double(Lanes.scalarCount) / elapsed)
    }
    return best
}

/// The C yardstick's medians, keyed SGD, MGD, BGD and validation, and its fastest passes, keyed
/// "SGD min" and so on, from its printed output.
func referenceTimes(_ text: String) -> [String: Double] {
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
            if let minAt = words.firstIndex(of: "(min"), minAt + 1 < words.count,
                let fastest = Double(words[minAt + 1].trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            {
                result["\(name) min"] = fastest
            }
        }
    }
    return result
}

/// `value` in `pattern`, or a dash as wide when there is none.
func format(_ pattern: String, _ value: Double?) -> String {
    guard let value else { return String(repeating: " ", count: max(0, String(format: pattern, 0.0).count - 1)) + "-" }
    return String(format: pattern, value)
}

/// a / b as a ratio ("0.57x"), a dash without either.
func ratio(_ a: Double?, _ b: Double?) -> String { times(a.flatMap { x in b.map { x / $0 } }) }

/// A ratio as the table prints it ("0.57x"), a dash for none.
func times(_ value: Double?) -> String { value.map { String(format: "%4.2fx", $0) } ?? "    -" }

/// The median of the values there are, nil for none.
func median(_ values: [Double?]) -> Double? {
    let given = values.compactMap { $0 }
    return given.isEmpty ? nil : median(given)
}

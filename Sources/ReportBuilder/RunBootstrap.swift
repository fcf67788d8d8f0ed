import BikeModel

/// The probability that a claim about single runs holds when each configuration contributes
/// one run drawn from its seeds: the bootstrap over seeds (Efron and Tibshirani 1993), taken
/// exactly over every combination when there are at most a million, else from a fixed number
/// of seeded draws, so that the same runs always give the same probability.
public enum RunBootstrap {
    public static let exactLimit = 1_000_000
    public static let draws = 200_000
    public static let seed: UInt64 = 20_121_231

    /// `samples[c]` holds configuration c's runs; `claim` sees one run of each, in order.
    public static func probability<T>(_ samples: [[T]], _ claim: ([T]) -> Bool) -> Double {
        precondition(samples.allSatisfy { !$0.isEmpty })
        let combinations = samples.reduce(1.0) { $0 * Double($1.count) }
        var draw = samples.map { $0[0] }
        if combinations <= Double(exactLimit) {
            var index = [Int](repeating: 0, count: samples.count), holds = 0, total = 0
            while true {
                for c in samples.indices { draw[c] = samples[c][index[c]] }
                if claim(draw) { holds += 1 }
                total += 1
                var c = samples.count - 1
                while c >= 0 {
                    index[c] += 1
                    if index[c] < samples[c].count { break }
                    index[c] = 0
                    c -= 1
                }
                if c < 0 { break }
            }
            return Double(holds) / Double(total)
        }
        var random = SeededGenerator(seed: seed), holds = 0
        for _ in 0..<draws {
            for c in samples.indices { draw[c] = samples[c][Int(random.next() % UInt64(samples[c].count))] }
            if claim(draw) { holds += 1 }
        }
        return Double(holds) / Double(draws)
    }
}

/// The probability that a claim about single runs holds when each configuration contributes
/// one run drawn from its seeds, taken exactly over every combination when there are at most a
/// million, else from a fixed number of seeded draws, so that the same runs always give the
/// same probability; with each configuration's placement values, for its bounds
/// (`ClaimProbability`).
public enum RunBootstrap {
    public static let exactLimit = 1_000_000
    public static let draws = 200_000
    public static let seed: UInt64 = 20_121_231

    /// `samples[c]` holds configuration c's runs; `claim` sees one run of each, in order.
    public static func probability<T>(_ samples: [[T]], _ claim: ([T]) -> Bool) -> Double {
        estimate(samples, claim).probability
    }

    /// The probability with its bounds.
    public static func estimate<T>(_ samples: [[T]], _ claim: ([T]) -> Bool) -> ClaimProbability {
        precondition(samples.allSatisfy { !$0.isEmpty })
        let combinations = samples.reduce(1.0) { $0 * Double($1.count) }
        var draw = samples.map { $0[0] }
        // How often the claim held, and was tried, with each configuration at each of its seeds.
        var held = samples.map { [Int](repeating: 0, count: $0.count) }
        var tried = held
        var holds = 0, total = 0
        func record(_ index: [Int], _ result: Bool) {
            total += 1
            if result { holds += 1 }
            for c in samples.indices {
                tried[c][index[c]] += 1
                if result { held[c][index[c]] += 1 }
            }
        }
        var index = [Int](repeating: 0, count: samples.count)
        if combinations <= Double(exactLimit) {
            while true {
                for c in samples.indices { draw[c] = samples[c][index[c]] }
                record(index, claim(draw))
                var c = samples.count - 1
                while c >= 0 {
                    index[c] += 1
                    if index[c] < samples[c].count { break }
                    index[c] = 0
                    c -= 1
                }
                if c < 0 { break }
            }
        } else {
            var random = SeededGenerator(seed: seed)
            for _ in 0..<draws {
                for c in samples.indices {
                    index[c] = Int(random.next() % UInt64(samples[c].count))
                    draw[c] = samples[c][index[c]]
                }
                record(index, claim(draw))
            }
        }
        let placements = samples.indices.map { c in
            zip(held[c], tried[c]).filter { $0.1 > 0 }.map { Double($0.0) / Double($0.1) }
        }
        return ClaimProbability(probability: Double(holds) / Double(total), placements: placements)
    }
}

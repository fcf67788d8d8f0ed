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
        var draw = samples.map { $0[0] }
        return estimate(sizes: samples.map(\.count)) { index in
            for c in samples.indices { draw[c] = samples[c][index[c]] }
            return claim(draw)
        }
    }

    /// The same over configurations of `sizes[c]` runs each, the claim seeing which run of each
    /// (`index[c]`): the form the report's claims use, looking their numbers up by index, since
    /// building a draw of arrays cost more than judging it a million times over.
    public static func estimate(sizes: [Int], _ claim: (UnsafeBufferPointer<Int>) -> Bool) -> ClaimProbability {
        precondition(!sizes.isEmpty && sizes.allSatisfy { $0 > 0 })
        let combinations = sizes.reduce(1.0) { $0 * Double($1) }
        // How often the claim held, and was tried, with each configuration at each of its runs:
        // configuration c's runs from offsets[c] on in one flat array.
        let offsets = sizes.indices.map { c in sizes[..<c].reduce(0, +) }
        var held = [Int](repeating: 0, count: sizes.reduce(0, +))
        var tried = held
        var holds = 0, total = 0
        var index = [Int](repeating: 0, count: sizes.count)
        held.withUnsafeMutableBufferPointer { held in
            tried.withUnsafeMutableBufferPointer { tried in
                index.withUnsafeMutableBufferPointer { index in
                    func record(_ result: Bool) {
                        total += 1
                        if result { holds += 1 }
                        for c in 0..<sizes.count {
                            tried[offsets[c] + index[c]] += 1
                            if result { held[offsets[c] + index[c]] += 1 }
                        }
                    }
                    if combinations <= Double(exactLimit) {
                        while true {
                            record(claim(UnsafeBufferPointer(index)))
                            var c = sizes.count - 1
                            while c >= 0 {
                                index[c] += 1
                                if index[c] < sizes[c] { break }
                                index[c] = 0
                                c -= 1
                            }
                            if c < 0 { break }
                        }
                    } else {
                        var random = SeededGenerator(seed: seed)
                        for _ in 0..<draws {
                            for c in 0..<sizes.count { index[c] = Int(random.next() % UInt64(sizes[c])) }
                            record(claim(UnsafeBufferPointer(index)))
                        }
                    }
                }
            }
        }
        let placements = sizes.indices.map { c in
            (offsets[c]..<(offsets[c] + sizes[c])).filter { tried[$0] > 0 }.map { Double(held[$0]) / Double(tried[$0]) }
        }
        return ClaimProbability(probability: Double(holds) / Double(total), placements: placements)
    }
}

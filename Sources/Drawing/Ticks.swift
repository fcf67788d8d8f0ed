import Foundation

/// How an axis maps values to positions.
public enum Scale: Sendable, Equatable {
    case linear
    /// Base 10; every value must be positive.
    case log
}

/// Axis ticks at "nice" values (1, 2, 2.5 or 5 times a power of ten), chosen so that a reader
/// can interpolate between them, with the range widened to the outermost ticks.
public struct Ticks: Equatable, Sendable {
    public var values: [Double]
    public var labels: [String]
    public var lower: Double
    public var upper: Double

    /// `exact` keeps the range as given (a fixed range) and puts ticks inside it; `step` fixes
    /// the tick spacing instead of choosing one.
    public init(
        lower: Double, upper: Double, scale: Scale = .linear, target: Int = 6, exact: Bool = false,
        step fixedStep: Double? = nil
    ) {
        // An end that is not a finite number (1e308 padded, an inf that slipped through) is the
        // largest finite one: no loop below may run on to infinity.
        func finite(_ x: Double, _ fallback: Double) -> Double {
            x.isNaN ? fallback : min(max(x, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
        }
        var lo = finite(min(lower, upper), 0), hi = finite(max(lower, upper), 1)
        if scale == .log {
            let positive = { (x: Double) in min(max(x, .leastNormalMagnitude), .greatestFiniteMagnitude) }
            self = Ticks.logarithmic(lower: positive(lo), upper: positive(max(hi, lo)))
            return
        }
        if hi - lo <= abs(hi) * 1e-12 {
            // One single value: give it room on both sides.
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = fixedStep ?? Ticks.niceStep((hi - lo) / Double(max(target - 1, 1)))
        let first = (lo / step).rounded(exact ? .up : .down) * step,
            last = (hi / step).rounded(exact ? .down : .up) * step
        let steps = ((last - first) / step).rounded()
        // Values near the largest Double overflow the arithmetic above: then the two ends alone.
        guard lo.isFinite, hi.isFinite, steps.isFinite, steps < 10_000 else {
            let ends = [lo, hi].map {
                $0.isFinite ? $0 : ($0 > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude)
            }
            self = Ticks(values: ends, labels: ends.map { Ticks.label($0, step: 1) }, lower: ends[0], upper: ends[1])
            return
        }
        let count = max(0, Int(steps) + 1)
        values = (0..<count).map { Ticks.clean(first + Double($0) * step, step: step) }
        self.lower = exact || values.isEmpty ? lo : values.first!
        self.upper = exact || values.isEmpty ? hi : values.last!
        labels = values.map { Ticks.label($0, step: step) }
    }

    /// The nice number nearest above `raw`: 1, 2, 2.5 or 5 times a power of ten.
    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1, 2, 2.5, 5, 10] as [Double] where m * power >= raw * (1 - 1e-9) { return m * power }
        return 10 * power
    }

    /// Removes the float noise of first + i * step (0.30000000000000004 → 0.3).
    static func clean(_ value: Double, step: Double) -> Double {
        let unit = pow(10, (log10(step)).rounded(.down) - 2)
        return (value / unit).rounded() * unit
    }

    /// A label with as many decimals as the step needs and thousands separated by commas
    /// (from 1,000 on, so that every label of an axis is written alike).
    public static func label(_ value: Double, step: Double) -> String {
        var decimals = 0
        while decimals < 10,
            abs((step * pow(10, Double(decimals))).rounded() - step * pow(10, Double(decimals))) > 1e-6 * step
                * pow(10, Double(decimals))
        {
            decimals += 1
        }
        let text = String(format: "%.\(decimals)f", abs(value) < step * 1e-9 ? 0 : value)
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        if whole.count > 3 {
            var grouped = ""
            for (i, c) in whole.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { grouped.append(",") }
                grouped.append(c)
            }
            whole = String(grouped.reversed())
        }
        return (negative ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func logarithmic(lower: Double, upper: Double) -> Ticks {
        // Decades of the finite positive doubles only: 10^308 is the last below infinity.
        let top = log10(Double.greatestFiniteMagnitude).rounded(.down)
        var lo = min((log10(lower)).rounded(.down), top - 1), hi = min((log10(upper)).rounded(.up), top)
        if hi == lo { hi += 1 }
        // A narrow range gets more multiples of each power, and is kept tight.
        let span = log10(upper) - log10(lower)
        let multiples: [Double] = span <= 1.2 ? [1, 1.5, 2, 3, 5, 7] : hi - lo <= 2 ? [1, 2, 5] : [1]
        var values: [Double] = []
        var power = lo
        while power <= hi {
            for m in multiples where (m * pow(10, power)).isFinite { values.append(m * pow(10, power)) }
            power += 1
        }
        if hi - lo <= 2 {
            let below = values.last { $0 <= lower * (1 + 1e-12) } ?? values.first!
            let above = values.first { $0 >= min(upper * (1 - 1e-12), .greatestFiniteMagnitude) } ?? values.last!
            values = values.filter { $0 >= below && $0 <= above }
            lo = log10(below)
            hi = log10(above)
        } else {
            values = values.filter { $0 <= pow(10, hi) }
        }
        return Ticks(values: values, labels: values.map(logLabel), lower: pow(10, lo), upper: pow(10, hi))
    }

    /// Decades below 0.001 read better as 1e-6 than as 0.000001.
    static func logLabel(_ value: Double) -> String {
        if value >= 0.001 { return label(value, step: value >= 1 ? 1 : value) }
        let exponent = Int(log10(value).rounded(.down))
        let mantissa = (value / pow(10, Double(exponent)) * 1000).rounded() / 1000
        return "\(mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa))e\(exponent)"
    }

    init(values: [Double], labels: [String], lower: Double, upper: Double) {
        self.values = values
        self.labels = labels
        self.lower = lower
        self.upper = upper
    }
}

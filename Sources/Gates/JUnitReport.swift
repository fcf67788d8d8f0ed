import Foundation
import ReportBuilder

/// The checks as JUnit XML, the format CI services read test results in: one test suite per
/// group of checks, one test case per check, the numbers in the failure message.
public enum JUnitReport {
    public static func xml(_ items: [CheckItem], name: String) -> String {
        var suites: [String] = []
        for item in items where !suites.contains(item.suite) { suites.append(item.suite) }
        let failures = items.filter { $0.failure != nil }.count, skipped = items.filter { $0.skipped != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(escape(name))\" tests=\"\(items.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        for suite in suites {
            let cases = items.filter { $0.suite == suite }
            out +=
                "  <testsuite name=\"\(escape(suite))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\" skipped=\"\(cases.filter { $0.skipped != nil }.count)\">\n"
            for item in cases {
                out += "    <testcase classname=\"\(escape(name + "." + suite))\" name=\"\(escape(item.name))\""
                if let failure = item.failure {
                    out +=
                        ">\n      <failure message=\"\(escape(ResultsDiff.short(failure)))\">\(escape(failure))</failure>\n    </testcase>\n"
                } else if let skipped = item.skipped {
                    out += ">\n      <skipped message=\"\(escape(skipped))\"/>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text as XML 1.0 allows it in an attribute or element: the five entities escaped, the
    /// control characters it forbids replaced.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

import BikeModel
import Foundation
import Statistics
import TestSupport
import Testing

@Suite("Reading raw CSV")
struct CSVTableTests {
    /// Preprocesses `text` in a fresh folder; returns the output's text, or the refusal.
    func preprocess(_ bytes: [UInt8]) -> (output: String?, error: InputError?, folder: String) {
        let dir = Fixtures.folder()
        Fixtures.write(bytes, to: dir + "/in.csv")
        do {
            try Preprocess.run(input: dir + "/in.csv", output: dir + "/out.csv", mode: .none, fitOn: nil)
            return (try? String(contentsOfFile: dir + "/out.csv", encoding: .utf8), nil, dir)
        } catch let error as InputError {
            return (nil, error, dir)
        } catch {
            Issue.record("unexpected error \(error)")
            return (nil, nil, dir)
        }
    }
    func preprocess(_ text: String) -> (output: String?, error: InputError?, folder: String) {
        preprocess(Array(text.utf8))
    }

    static let expected =
        "season,yr,mnth,hr,holiday,weekday,workingday,weathersit,temp,atemp,hum,windspeed,cnt\n1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16\n"

    @Test(
        "accepted variants all read the same",
        arguments: [
            "\(Fixtures.header)\n\(Fixtures.row)\n",
            "\(Fixtures.header)\r\n\(Fixtures.row)\r\n",
            "\u{FEFF}\(Fixtures.header)\n\(Fixtures.row)\n",
            "\(Fixtures.header)\n\(Fixtures.row)",
            "\(Fixtures.header)\n\(Fixtures.row)\n\n",
            "\"instant\",\"dteday\",season,yr,mnth,hr,holiday,weekday,workingday,weathersit,temp,atemp,hum,windspeed,\"cnt\"\n1,\"2011-01-01\",\"1\",0,1,0,0,6,0,1,0.24,0.2879,0.81,0,\"16\"\n",
            // Columns in another order, with the data set's extra columns.
            "cnt,casual,registered,windspeed,hum,atemp,temp,weathersit,workingday,weekday,holiday,hr,mnth,yr,season,dteday\n16,3,13,0,0.81,0.2879,0.24,1,0,6,0,0,1,0,1,\"Sat, 1 Jan\"\n"
        ])
    func accepted(text: String) {
        #expect(preprocess(text).output == Self.expected)
    }

    @Test("a quoted field may hold commas, quotes and newlines")
    func quotedFields() throws {
        let table = try CSVTable(bytes: Array("a,b\n\"x, \"\"y\"\"\nz\",2\n3,4\n".utf8), file: "q.csv")
        #expect(table.rows.map(\.fields) == [["x, \"y\"\nz", "2"], ["3", "4"]])
        #expect(table.rows.map(\.line) == [2, 4])
    }

    struct Refusal: CustomStringConvertible, Sendable {
        var text: [UInt8]
        var line: Int?
        var column: String?
        var says: String
        var description: String { says }
        init(_ text: String, line: Int?, column: String? = nil, says: String) {
            self.init(Array(text.utf8), line: line, column: column, says: says)
        }
        init(_ bytes: [UInt8], line: Int?, column: String? = nil, says: String) {
            text = bytes
            self.line = line
            self.column = column
            self.says = says
        }
    }

    static let refusals: [Refusal] = [
        Refusal("", line: nil, says: "empty"),
        Refusal("\(Fixtures.header)\n", line: 1, says: "no data rows"),
        Refusal(
            Fixtures.header.replacingOccurrences(of: ",hr,", with: ",hour,") + "\n" + Fixtures.row + "\n", line: 1,
            column: "hr", says: "missing column"),
        Refusal(Fixtures.header + ",hr\n" + Fixtures.row + ",0\n", line: 1, column: "hr", says: "twice"),
        Refusal(
            "\(Fixtures.header)\n\(Fixtures.row)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0\n", line: 3,
            says: "short row"),
        Refusal("\(Fixtures.header)\n\(Fixtures.row),7\n", line: 2, says: "long row"),
        Refusal("\(Fixtures.header)\n\(Fixtures.row)\n\n\(Fixtures.row)\n", line: 3, says: "blank line"),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,24,0,6,0,1,0.24,0.2879,0.81,0,16\n", line: 2, column: "hr",
            says: "expected an integer 0–23, found \"24\""),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,5,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16\n", line: 2, column: "season",
            says: "1–4"),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,1.5,0.24,0.2879,0.81,0,16\n", line: 2, column: "weathersit",
            says: "found \"1.5\""),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,1,warm,0.2879,0.81,0,16\n", line: 2, column: "temp",
            says: "expected a number in [0, 1], found \"warm\""),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,1.2879,0.81,0,16\n", line: 2, column: "atemp",
            says: "[0, 1]"),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,nan,0,16\n", line: 2, column: "hum",
            says: "found \"nan\""),
        Refusal(
            "\(Fixtures.header)\n\(Fixtures.row)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,-3\n", line: 3,
            column: "cnt", says: "non-negative integer"),
        Refusal(
            "\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16.5\n", line: 2, column: "cnt",
            says: "non-negative integer"),
        Refusal(
            "\(Fixtures.header)\n\(Fixtures.row)\n1,\"2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16\n", line: 3,
            says: "unterminated"),
        Refusal("\(Fixtures.header)\n1,20\"11,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16\n", line: 2, says: "quote inside"),
        Refusal(
            Array("\(Fixtures.header)\n\(Fixtures.row)\n1,2011".utf8) + [0xFF, 0xFE]
                + Array(",1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16\n".utf8), line: 3, says: "not UTF-8")
    ]

    @Test("refused input names the file, the line and the column, and leaves no file behind", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let result = preprocess(refusal.text)
        let error = try #require(result.error)
        #expect(error.file.hasSuffix("in.csv"))
        #expect(error.line == refusal.line)
        #expect(error.column == refusal.column)
        #expect(error.description.contains(refusal.says))
        #expect(Fixtures.files(in: result.folder) == ["in.csv"])
    }

    @Test("seeded random mutations of real rows parse or are refused, never crash")
    func mutations() throws {
        let lines = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n").prefix(40)
        let original = Array(lines.joined(separator: "\n").utf8)
        var random = SeededGenerator(seed: 2024)
        var accepted = 0, refused = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0...Int(random.next() % 4) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 8) + 1))
                case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(random.next() % 16) + 1)], at: at)
                default: bytes.insert([0x22, 0x2C, 0x0D, 0x0A][Int(random.next() % 4)], at: at)
                }
                if bytes.isEmpty { break }
            }
            do {
                let records = try HourlyRecords(table: CSVTable(bytes: bytes, file: "mutant.csv"))
                #expect(records.rowCount > 0)
                accepted += 1
            } catch let error as InputError {
                #expect(error.file == "mutant.csv")
                refused += 1
            }
        }
        #expect(accepted > 0 && refused > 0)
    }
}

import Artifacts
import BikeModel
import Foundation
import GeneralModel
import Pipeline

/// A report declared as a folder (`reports/NAME/report.json`): its data, network, training,
/// runs and what it published. Read once, checked against its shape and then for sense, every
/// refusal naming the file and line.
public struct ReportDeclaration: Sendable {
    public struct Network: Sendable {
        public var hidden: [(units: Int, activation: UnitFunction)]
        public var output: UnitFunction
        public var biases: Bool
        public var initialWeights: InitialWeights
        public var generator: GeneratorKind
        public var weightOrder: InitialWeights.Order
    }

    /// One configuration, trained once per seed.
    public struct Run: Sendable {
        public var name: String
        public var description: String
        public var seeds: SeedList
        public var network: Network
        public var training: StepTraining
        public var reported: ReportedLoss

        /// Every hidden layer's width, inputs first, the output last.
        public func widths(inputs: Int) -> [Int] { [inputs] + network.hidden.map(\.units) + [1] }
        public var activations: [UnitFunction] { network.hidden.map(\.activation) + [network.output] }
    }

    /// A run someone published once, unseeded, with its losses as printed.
    public struct PublishedRun: Codable, Sendable {
        public var name: String
        public var run: String
        public var source: String
        /// "cut" (the first digits kept) or "rounded".
        public var printed: String
        public var trainingLoss: Double
        public var validationLoss: Double
        /// The share of the published number within which ours must lie to be reproduced, and why.
        public var margin: Double?
        public var marginReason: String?
    }

    /// A bar a run's measure must stay below (a rubric's).
    public struct Claim: Codable, Sendable {
        public var name: String
        public var text: String
        public var run: String
        public var measure: DeclaredMeasure
        public var below: Double
    }

    /// The report's folder, e.g. `reports/udacity`; its name is the folder's last component.
    public var folder: String
    public var name: String { (folder as NSString).lastPathComponent }
    public var file: String { folder + "/report.json" }
    public var title: String
    public var dataFiles: [String]
    /// Hours whose counts the runs are not given, to predict, and the file their real counts are
    /// found in (by every column but `instant` and `cnt`).
    public var predictFile: String?
    public var labelsFile: String?
    /// Every file the report reads besides its declaration.
    public var inputFiles: [String] { dataFiles + [predictFile, labelsFile].compactMap { $0 } }
    public var data: DataDeclaration
    public var runs: [Run]
    public var published: [PublishedRun]
    public var claims: [Claim]

    public func run(_ name: String) -> Run? { runs.first { $0.name == name } }

    /// The figures of each run: its loss curves, and its test rows where the split keeps some.
    public var figureKinds: [String] {
        if case .fromEnd(let test, _) = data.split, test > 0 { ["losses", "test"] } else { ["losses"] }
    }

    /// Reads and checks `folder/report.json`; `project` is the folder its paths are relative to.
    public static func load(folder: String, project: String = ".") throws -> ReportDeclaration {
        let file = (folder.hasPrefix("/") || project == "." ? "" : project + "/") + folder + "/report.json"
        let tree = try JSONTree.load(file)
        try ReportShape.file.check(tree, file: file)
        return try ReportDeclaration(tree, folder: folder, project: project)
    }

    init(_ tree: JSONTree, folder: String, project: String) throws {
        let file = folder + "/report.json"
        self.folder = folder
        func fail(_ node: JSONTree?, _ message: String) -> InputError {
            InputError(file: file, line: node?.line ?? tree.line, message)
        }
        title = tree["title"]!.text!
        let data = tree["data"]!
        dataFiles = data["files"]!.items!.map(\.text!)
        predictFile = data["predict"]?["file"]?.text
        labelsFile = data["predict"]?["labels"]?.text
        var inputs: [InputEncoder] = []
        for node in data["inputs"]!.items! {
            let feature = Feature(rawValue: node["column"]!.text!)!
            func scaling() throws -> ZScore {
                guard let rows = node["rows"]?.text, let divisor = node["divisor"]?.text else {
                    throw fail(node, "a z-score of \(feature.rawValue) needs \"rows\" and \"divisor\"")
                }
                return ZScore(rows: StatisticRows(rawValue: rows)!, divisor: Divisor(rawValue: divisor)!)
            }
            let encode = node["encode"]!.text!
            // A key another encoder reads is a mistake here, not something to ignore.
            let reads = ["one-hot": ["levels"], "z-score": ["rows", "divisor"], "target-mean": ["rows"]][encode] ?? []
            if let stray = ["levels", "rows", "divisor"].first(where: { node[$0] != nil && !reads.contains($0) }) {
                throw fail(node, "\(encode) \(feature.rawValue) takes no \"\(stray)\"")
            }
            switch encode {
            case "passthrough": inputs.append(.passthrough(feature))
            case "z-score": inputs.append(.zScore(feature, try scaling()))
            case "target-mean":
                inputs.append(.targetMean(feature, rows: StatisticRows(rawValue: node["rows"]?.text ?? "all") ?? .all))
            default:
                guard let levels = node["levels"]?.items?.map({ Int($0.number!) }) else {
                    throw fail(
                        node, "one-hot \(feature.rawValue) needs its \"levels\": they are never inferred from the rows")
                }
                guard Set(levels).count == levels.count else {
                    throw fail(node, "one-hot \(feature.rawValue) names a level twice")
                }
                if let codes = feature.codes, let outside = levels.first(where: { !codes.contains($0) }) {
                    throw fail(
                        node,
                        "one-hot \(feature.rawValue): level \(outside) is not a code of the column (\(codes.lowerBound)–\(codes.upperBound))"
                    )
                }
                inputs.append(.oneHot(feature, levels: levels))
            }
        }
        let target = data["target"]!
        var targetScaling: ZScore?
        if target["encode"]!.text! == "z-score" {
            guard let rows = target["rows"]?.text, let divisor = target["divisor"]?.text else {
                throw fail(target, "a z-scored target needs \"rows\" and \"divisor\"")
            }
            targetScaling = ZScore(rows: StatisticRows(rawValue: rows)!, divisor: Divisor(rawValue: divisor)!)
        }
        let wholeCounts = data["wholeCounts"]!.bool!
        if wholeCounts && targetScaling != nil {
            throw fail(target, "whole counts are made of a raw target: a z-scored one is left as predicted")
        }
        let split = data["split"]!
        let rowSplit: RowSplit
        switch split["rule"]!.text! {
        case "interleaved", "first":
            guard let share = split["trainShare"]?.number else { throw fail(split, "this split needs \"trainShare\"") }
            rowSplit =
                split["rule"]!.text! == "first" ? .first(percent: Int(share)) : .interleaved(trainShare: Int(share))
        case "all":
            rowSplit = .all
        default:
            guard let test = split["test"]?.number, let validation = split["validation"]?.number else {
                throw fail(split, "a split from the end needs \"test\" and \"validation\" row counts")
            }
            rowSplit = .fromEnd(test: Int(test), validation: Int(validation))
        }
        self.data = DataDeclaration(inputs: inputs, target: targetScaling, wholeCounts: wholeCounts, split: rowSplit)

        let net = tree["network"]!
        let start = net["initialWeights"]!
        let initial: InitialWeights
        if start["distribution"]!.text! == "uniform" {
            let low = start["low"]?.number ?? 0, high = start["high"]?.number ?? 1
            guard low < high else { throw fail(start, "a uniform range needs low below high") }
            initial = .uniform(low: low, high: high)
        } else if start["sdFromFanIn"]?.bool == true {
            initial = .normalFanIn
        } else {
            guard let sd = start["sd"]?.number else {
                throw fail(start, "a normal distribution needs \"sd\" or \"sdFromFanIn\": true")
            }
            initial = .normal(sd: sd)
        }
        let network = Network(
            hidden: net["hidden"]!.items!.map {
                (
                    Int($0["units"]!.number!),
                    ActivationWord.function($0["activation"]!.text!, slope: $0["slope"]?.number)
                )
            },
            output: ActivationWord.function(net["output"]!.text!, slope: nil), biases: net["biases"]!.bool!,
            initialWeights: initial, generator: GeneratorKind(rawValue: net["generator"]!.text!)!,
            weightOrder: InitialWeights.Order(rawValue: net["weightOrder"]?.text ?? "input-major")!)
        let training = try Self.training(tree["training"]!, fail: fail)
        let reported = try Self.reported(tree["training"]!["reported"], training: training, fail: fail)

        var runs: [Run] = []
        for node in tree["runs"]!.items! {
            let name = node["name"]!.text!
            guard !runs.contains(where: { $0.name == name }) else {
                throw fail(node, "a second run named \(Quoted(name))")
            }
            let seeds = try SeedList(node["seeds"]!.text!)
            if network.generator == .numpy, let large = seeds.values.first(where: { $0 > UInt64(UInt32.max) }) {
                throw fail(node, "seed \(large) is larger than numpy's 32-bit seeds")
            }
            var run = Run(
                name: name, description: node["description"]!.text!, seeds: seeds, network: network, training: training,
                reported: reported)
            if let units = node["hiddenUnits"]?.number {
                run.network.hidden = run.network.hidden.map { (Int(units), $0.activation) }
            }
            if let word = node["activation"]?.text {
                run.network.hidden = run.network.hidden.map { ($0.units, ActivationWord.function(word, slope: nil)) }
            }
            if let rate = node["learningRate"]?.number { run.training.learningRate = rate }
            switch run.training.batches {
            case .withReplacement(let size, let steps):
                if node["epochs"] != nil {
                    throw fail(node, "batches drawn with replacement run \"steps\", not \"epochs\"")
                }
                run.training.batches = .withReplacement(
                    size: size, steps: node["steps"]?.number.map { Int($0) } ?? steps)
            case .inOrder(let size, let epochs):
                if node["steps"] != nil { throw fail(node, "batches in order run \"epochs\", not \"steps\"") }
                run.training.batches = .inOrder(size: size, epochs: node["epochs"]?.number.map { Int($0) } ?? epochs)
            }
            runs.append(run)
        }
        self.runs = runs

        let published = tree["published"]!
        self.published = try published["runs"]!.items!.map { node in
            let run = PublishedRun(
                name: node["name"]!.text!, run: node["run"]!.text!, source: node["source"]!.text!,
                printed: node["printed"]!.text!, trainingLoss: node["trainingLoss"]!.number!,
                validationLoss: node["validationLoss"]!.number!, margin: node["margin"]?.number,
                marginReason: node["marginReason"]?.text)
            if (run.margin == nil) != (run.marginReason == nil) {
                throw fail(node, "a margin is declared with its reason: give both \"margin\" and \"marginReason\"")
            }
            guard runs.contains(where: { $0.name == run.run }) else {
                throw fail(node, "no run named \(Quoted(run.run))")
            }
            return run
        }
        claims = try published["claims"]!.items!.map { node in
            let claim = Claim(
                name: node["name"]!.text!, text: node["text"]!.text!, run: node["run"]!.text!,
                measure: DeclaredMeasure(rawValue: node["measure"]!.text!)!, below: node["below"]!.number!)
            guard runs.contains(where: { $0.name == claim.run }) else {
                throw fail(node, "no run named \(Quoted(claim.run))")
            }
            return claim
        }
    }

    /// Each data file exists and stays inside `project`, no link leading out of it: checked where
    /// the report is planned (a Makeflow worker's sandbox may link its inputs from a cache).
    public func checkDataFiles(project: String = ".") throws {
        let root = URL(fileURLWithPath: project).resolvingSymlinksInPath().path
        for path in inputFiles {
            let real = URL(fileURLWithPath: project + "/" + path).resolvingSymlinksInPath().path
            guard real.hasPrefix(root + "/") else {
                throw InputError(file: file, "data file \(Quoted(path)) leads outside the project")
            }
            guard FileManager.default.fileExists(atPath: project + "/" + path) else {
                throw InputError(file: file, "data file \(Quoted(path)) does not exist")
            }
        }
    }

    /// `training.reported`: ½ or 1 × the MSE, in trained or raw units, at "last", "minimum" or a
    /// step the losses are measured at.
    static func reported(
        _ node: JSONTree?, training: StepTraining, fail: (JSONTree?, String) -> InputError
    ) throws -> ReportedLoss {
        guard let node else { return ReportedLoss() }
        var reported = ReportedLoss(factor: node["factor"]?.number ?? 1, rawUnits: node["units"]?.text == "raw")
        guard reported.factor == 1 || reported.factor == 0.5 else { throw fail(node, "\"factor\" is 1 or 0.5") }
        switch node["at"]?.text ?? "last" {
        case "last": reported.at = .last
        case "minimum": reported.at = .minimum
        case let text:
            guard let step = Int(text), step > 0, step % training.lossEvery == 0 else {
                throw fail(
                    node,
                    "\"at\" is \"last\", \"minimum\" or a step at which the losses are measured (a multiple of lossEvery, \(training.lossEvery)); got \(Quoted(text))"
                )
            }
            reported.at = .step(step)
        }
        return reported
    }

    static func training(_ node: JSONTree, fail: (JSONTree?, String) -> InputError) throws -> StepTraining {
        let size = Int(node["batchSize"]!.number!)
        let batches: StepTraining.Batches
        if node["batches"]!.text! == "with-replacement" {
            guard let steps = node["steps"]?.number, node["epochs"] == nil else {
                throw fail(node, "batches drawn with replacement run a number of \"steps\" (and no \"epochs\")")
            }
            batches = .withReplacement(size: size, steps: Int(steps))
        } else {
            guard let epochs = node["epochs"]?.number, node["steps"] == nil else {
                throw fail(node, "batches in order run a number of \"epochs\" (and no \"steps\")")
            }
            batches = .inOrder(size: size, epochs: Int(epochs))
        }
        return StepTraining(
            batches: batches, learningRate: node["learningRate"]!.number!, lossEvery: Int(node["lossEvery"]!.number!))
    }
}

extension JSONTree {
    var text: String? { if case .string(let s) = value { s } else { nil } }
    var number: Double? { if case .number(let n) = value { n } else { nil } }
    var bool: Bool? { if case .bool(let b) = value { b } else { nil } }
    var items: [JSONTree]? { if case .array(let a) = value { a } else { nil } }
}

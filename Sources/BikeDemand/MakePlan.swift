/// The make rules of a pipeline: one per data variant, experiment and figure, each depending on
/// exactly the files it reads, so that make reruns only what a change touches. The text uses
/// the Makefile's variables B (results folder), BIN (executables) and DATA (the raw data).
public enum MakePlan {
    public static func text(_ pipeline: PipelineSpec) -> String {
        var out = "# Made by `report plan` from pipeline/; make remakes it when an experiment changes.\n\n"
        let names = pipeline.experiments.map(\.name)
        out += "EXPERIMENTS := \(names.joined(separator: " "))\n"
        out += "RUNS := \(names.map { "$(B)/runs/\($0)/models.json" }.joined(separator: " "))\n"
        let headline = pipeline.tables.headline.experiment
        let headlineData = pipeline.experiment(headline)!.data
        let tableFigures = pipeline.tables.tables.map { "figures/\($0.figure.file)" }
        let baseline = pipeline.experiment(pipeline.tables.tables[0].rows[0].experiment)!.data.variant
        let beyond = pipeline.beyond
        let beyondData = pipeline.experiment(beyond.baselines.experiment)!.data
        let beyondRaw = ExperimentSpec.DataSpec(encoding: "raw", trainShare: beyondData.trainShare, rule: beyondData.rule)
        let holdoutRun = "$(B)/runs/\(beyond.holdout.experiment)"
        let sweepFigures = beyond.learningRateSweeps.tables.map { "figures/sweep-\($0).png" }
        out += "RESULTS_INPUTS := $(B)/data/\(baseline)/training.csv $(B)/data/\(baseline)/validation.csv " +
            "$(B)/data/\(beyondData.variant)/training.csv $(B)/data/\(beyondRaw.variant)/validation.csv \(holdoutRun)/holdout-metrics.json \(beyond.holdout.data) $(PIPELINE)/beyond.json\n"
        out += "FIGURES := \((tableFigures + ["figures/loss-curve.png", "figures/predicted-vs-actual.png", "figures/hourly.png"] + sweepFigures + ["figures/holdout-2012.png"]).joined(separator: " "))\n\n"

        // Data: every variant an experiment uses, plus the raw rows of the headline's split.
        var variants: [ExperimentSpec.DataSpec] = []
        for (_, spec) in pipeline.experiments where !variants.contains(spec.data) { variants.append(spec.data) }
        let rawHeadline = ExperimentSpec.DataSpec(encoding: "raw", trainShare: headlineData.trainShare, rule: headlineData.rule)
        var rawNeeded = [rawHeadline]
        if !rawNeeded.contains(beyondRaw) { rawNeeded.append(beyondRaw) }
        for variant in variants where variant.encoding == "fit-training" {
            let raw = ExperimentSpec.DataSpec(encoding: "raw", trainShare: variant.trainShare, rule: variant.rule)
            if !rawNeeded.contains(raw) { rawNeeded.append(raw) }
        }
        out += "DATA_FILES := \((rawNeeded + variants).map { "$(B)/data/\($0.variant)/training.csv $(B)/data/\($0.variant)/validation.csv" }.joined(separator: " "))\n\n"
        for raw in rawNeeded { out += splitRule(raw, from: "$(DATA)") }
        for variant in variants {
            if variant.encoding == "fit-training" {
                let raw = "$(B)/data/" + ExperimentSpec.DataSpec(encoding: "raw", trainShare: variant.trainShare, rule: variant.rule).variant
                let dir = "$(B)/data/\(variant.variant)"
                out += "\(dir)/training.csv \(dir)/validation.csv &: \(raw)/training.csv \(raw)/validation.csv $(BIN)/preprocess\n"
                out += "\t@mkdir -p \(dir)\n"
                for part in ["training", "validation"] {
                    // A category absent from the training rows (heavy rain, at t = 75) becomes the overall mean.
                    out += "\t$(BIN)/preprocess \(raw)/\(part).csv --encoding fit --fit-on \(raw)/training.csv --unseen overall-mean -o \(dir)/\(part).csv\n"
                }
                out += "\n"
            } else {
                out += splitRule(variant, from: "$(B)/data/encoded-\(variant.encoding).csv")
            }
        }

        // Experiments: all seeds of one in one process.
        for (index, (name, spec)) in pipeline.experiments.enumerated() {
            // Sweeps need no loss curves, and skip the pass over the training rows each epoch costs.
            let data = "$(B)/data/\(spec.data.variant)", run = "$(B)/runs/\(name)", history = !pipeline.isSweep(name)
            out += "\(run)/models.json\(history ? " \(run)/history.csv" : "") &: \(pipeline.sources[name]!.joined(separator: " ")) \(data)/training.csv \(data)/validation.csv $(BIN)/train\n"
            out += "\t@mkdir -p \(run)\n"
            out += "\t@echo '[\(index + 1)/\(names.count)] \(name): training seeds \(spec.seeds)' >&2\n"
            out += "\t$(BIN)/train \(data)/training.csv \(data)/validation.csv \(spec.trainArguments.joined(separator: " ")) -o \(run)/models.json\(history ? " --history \(run)/history.csv" : "")\n\n"
        }

        // A comparison figure per table.
        for table in pipeline.tables.tables {
            let title = pipeline.published.tables[table.name].map { "Table \(pipeline.tables.tables.firstIndex { $0.name == table.name }! + 1): \($0.title)" } ?? table.name
            var seen: Set<String> = []
            let rows = table.rows.filter { seen.insert($0.experiment).inserted }
            out += "figures/\(table.figure.file): \(rows.map { "$(B)/runs/\($0.experiment)/history.csv" }.joined(separator: " ")) $(PIPELINE)/tables.json $(BIN)/plot\n"
            out += "\t@mkdir -p figures\n"
            out += "\t$(BIN)/plot compare \(rows.map { "--curve '\($0.label)=$(B)/runs/\($0.experiment)/history.csv'" }.joined(separator: " ")) --title '\(title.replacingOccurrences(of: "'", with: ""))'\(table.figure.logY ? " --log-y" : "") -o $@\n\n"
        }

        // One headline run (seed 0) seen closely: its loss curve and its predictions.
        let run = "$(B)/runs/\(headline)", validation = "$(B)/data/\(headlineData.variant)/validation.csv"
        out += """
        \(run)/seed0-metrics.json \(run)/seed0-predictions.csv &: \(run)/models.json \(validation) $(BIN)/evaluate
        \t$(BIN)/evaluate \(run)/models.json \(validation) --seed 0 -o \(run)/seed0-metrics.json --predictions \(run)/seed0-predictions.csv

        figures/loss-curve.png: \(run)/history.csv \(run)/models.json $(BIN)/plot
        \t@mkdir -p figures
        \t$(BIN)/plot loss \(run)/history.csv --model \(run)/models.json --seed 0 --title 'Loss curve of the headline run (elu, MGD, eta 1e-4, t = \(headlineData.trainShare), seed 0)' -o $@

        figures/predicted-vs-actual.png: \(run)/seed0-predictions.csv $(BIN)/plot
        \t@mkdir -p figures
        \t$(BIN)/plot predicted \(run)/seed0-predictions.csv --title 'Headline model (seed 0): predicted against actual demand, validation hours' -o $@

        figures/hourly.png: \(run)/seed0-predictions.csv $(B)/data/\(rawHeadline.variant)/validation.csv $(BIN)/plot
        \t@mkdir -p figures
        \t$(BIN)/plot hourly \(run)/seed0-predictions.csv --rows $(B)/data/\(rawHeadline.variant)/validation.csv --title 'Headline model (seed 0): mean demand by hour of day, validation hours' -o $@


        """

        // The year after: the headline model on 2012, encoded as its training data was.
        let holdoutEncoding = pipeline.experiment(beyond.holdout.experiment)!.data.encoding
        let encodingOptions = holdoutEncoding == "report" || holdoutEncoding == "none" ? "--encoding \(holdoutEncoding)" : "--encoding fit --fit-on $(DATA)"
        let holdoutData = "$(B)/data/holdout.csv"
        out += """
        \(holdoutData): \(beyond.holdout.data) $(BIN)/preprocess
        \t@mkdir -p $(@D)
        \t$(BIN)/preprocess \(beyond.holdout.data) \(encodingOptions) -o $@

        \(holdoutRun)/holdout-metrics.json \(holdoutRun)/holdout-predictions.csv &: \(holdoutRun)/models.json \(holdoutData) $(BIN)/evaluate
        \t$(BIN)/evaluate \(holdoutRun)/models.json \(holdoutData) --seed \(beyond.holdout.seed) -o \(holdoutRun)/holdout-metrics.json --predictions \(holdoutRun)/holdout-predictions.csv

        figures/holdout-2012.png: \(holdoutRun)/holdout-predictions.csv \(beyond.holdout.data) $(DATA) $(BIN)/plot
        \t@mkdir -p figures
        \t$(BIN)/plot monthly \(holdoutRun)/holdout-predictions.csv --rows \(beyond.holdout.data) --reference $(DATA) --title 'The headline model (seed \(beyond.holdout.seed), trained on 2011) on 2012: mean demand by month' -o $@


        """
        for table in beyond.learningRateSweeps.tables {
            out += "figures/sweep-\(table).png: figures/results.json $(BIN)/plot\n\t$(BIN)/plot sweep figures/results.json --table \(table) -o $@\n\n"
        }
        return out
    }

    static func splitRule(_ data: ExperimentSpec.DataSpec, from source: String) -> String {
        let dir = "$(B)/data/\(data.variant)"
        return """
        \(dir)/training.csv \(dir)/validation.csv &: \(source) $(BIN)/split
        \t@mkdir -p \(dir)
        \t$(BIN)/split \(source) --train-share \(data.trainShare) --rule \(data.rule.rawValue) --train-output \(dir)/training.csv --validation-output \(dir)/validation.csv


        """
    }
}

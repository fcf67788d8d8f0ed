/// The pipeline as rules: one per data variant, experiment, evaluation and figure, each reading
/// exactly the files it names, so that make reruns only what a change touches. The folders are
/// the Makefile's variables: B (results), FIG (figures and report), PIPELINE, DATA, BIN (tools).
public struct MakePlan: Sendable {
    public var rules: [PlanRule]
    /// Every file `make report` must bring up to date.
    public var goals: [PlanPath]
    public var experiments: [String]
    /// `make run`'s variant, printed beside its base experiment's runs.
    public var variant: Comparison?
    /// The declaration files the plan was made from, by their path in $(PIPELINE)/.
    public var declarations: [String]
    /// Declarations outside $(PIPELINE)/ the plan read too (a declared report's report.json).
    public var otherDeclarations: [PlanPath] = []
    /// The declared reports' folders, which `make check` gates one by one.
    public var declaredReports: [PlanPath] = []

    public init(
        rules: [PlanRule], goals: [PlanPath], experiments: [String], variant: Comparison? = nil,
        declarations: [String] = []
    ) {
        self.rules = rules
        self.goals = goals
        self.experiments = experiments
        self.variant = variant
        self.declarations = declarations
    }

    /// A variant's runs beside its base experiment's: `make variant` prints the two.
    public struct Comparison: Sendable {
        /// The variant's folder name, under build/variants/.
        public var name: String
        /// The experiment whose runs the base's are.
        public var runs: String
        /// The base experiment, as the comparison names it.
        public var base: String
        /// The settings changed, as `name=value` words.
        public var changes: String

        public init(name: String, runs: String, base: String, changes: String) {
            self.name = name
            self.runs = runs
            self.base = base
            self.changes = changes
        }
    }
}

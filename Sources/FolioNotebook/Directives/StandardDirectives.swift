extension DirectiveRegistry {
    /// folio's catalogue of directives.
    public static let standard = DirectiveRegistry([
        DatasetDirective.self, DecisionDirective.self, SummaryDirective.self,
        EvaluateDirective.self,
        SweepDirective.self,
        TrialsDirective.self,
        BacktestDirective.self,
        LabelAuditDirective.self,
        PerformanceDirective.self,
        KSTestDirective.self,
        DriftDirective.self,
        ClaimsDirective.self,
        ActionsDirective.self,
        CheckpointsDirective.self,
        ImportanceDirective.self,
    ])
}

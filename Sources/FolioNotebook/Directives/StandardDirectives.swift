extension DirectiveRegistry {
    /// folio's catalogue of directives.
    public static let standard = DirectiveRegistry([
        DatasetDirective.self, DecisionDirective.self, SummaryDirective.self,
        KSTestDirective.self, DriftDirective.self,
    ])
}

extension DirectiveRegistry {
    /// folio's catalogue of directives.
    public static let standard = DirectiveRegistry([
        DecisionDirective.self, SummaryDirective.self,
    ])
}

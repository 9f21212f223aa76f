import Testing
@testable import FolioCharts

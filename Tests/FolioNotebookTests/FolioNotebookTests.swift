import Testing
@testable import FolioNotebook

import Lifecycle
import MabsLanguage
import Testing
@testable import MabsPresentation

/// The designed SVG picture, checked as a reader would: every label's box
/// computed from the layout data and the declared font metric, and no two
/// labels, captions or boxes overlap, in any view.
@Suite("diagram layout")
struct DiagramLayoutTests {
    static let views: [StateDiagram.View] = [
        .machine, .machine(without: .failures), .machine(without: .delete), .machine(without: [.failures, .delete]), .backups,
    ] + ServiceState.allCases.map(StateDiagram.View.around)

    @Test("no label overlaps another label, a caption or a box; no line crosses a box or a label not its own", arguments: views)
    func nothingOverlaps(_ view: StateDiagram.View) {
        let geometry = StateDiagram.geometry(view, operationName: \.keyword)
        #expect(geometry.problems == [], "\(view)")
    }
}

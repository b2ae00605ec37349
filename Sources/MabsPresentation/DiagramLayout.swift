import Lifecycle

/// The designed pictures, declared once as data: where each place stands
/// and where the label of an edge sits. The edges themselves come from
/// `StateMachine.transitions`; an edge with no label position here gets
/// one computed (`DiagramGeometry`), and a test checks that no two labels
/// overlap and no line crosses a box or a label not its own, whichever
/// way they were placed.
///
/// The whole machine: the four ordinary states in the middle (Suspended,
/// Active, Stopped in a row, Disabled below Active); each failure state
/// next to the state its failure comes from (the failed suspend and
/// resume above Suspended, the failed scale and update above Active, the
/// failed start, stop and restart beside Stopped); the states the
/// platform's events reach apart, in a band at the bottom; no service
/// (above) and a backup (on the left) outside the frame that holds every
/// state. Views with fewer places have layouts of their own, in the same
/// arrangement, so a class sees each state where it saw it before.
/// Coordinates are the centres of boxes and labels, in pixels.
struct DiagramLayout {
    let positions: [Place: Point]
    let labels: [LabelKey: Point]

    /// The layout a view is drawn with; nil for `around`, which is laid
    /// out as a fan around its state.
    static func layout(for view: StateDiagram.View) -> DiagramLayout? {
        switch view {
        case .machine(let omissions): omissions.contains(.failures) ? ordinary : machine
        case .backups: backups
        case .around: nil
        }
    }

    static let machine = DiagramLayout(
        positions: [
            .noService: Point(640, -20),
            .backup: Point(90, 500),
            .state(.createdFailed): Point(300, 110),
            .state(.restoreFailed): Point(270, 680),
            .state(.suspended): Point(440, 500),
            .state(.active): Point(800, 500),
            .state(.stopped): Point(1260, 500),
            .state(.resumeFailed): Point(200, 300),
            .state(.suspendedFailed): Point(410, 300),
            .state(.configUpdateFailed): Point(880, 290),
            .state(.stopFailed): Point(1150, 300),
            .state(.restartFailed): Point(1340, 300),
            .state(.startFailed): Point(1530, 300),
            .state(.scaleFailed): Point(560, 680),
            .state(.disableFailed): Point(400, 850),
            .state(.disabled): Point(860, 850),
            .state(.enableFailed): Point(1180, 850),
            .state(.serviceUpdateFailed): Point(1500, 850),
        ],
        labels: [
            LabelKey(.noService, [.delete]): Point(820, -20),
            LabelKey(.state(.active), [.create]): Point(680, 190),
            LabelKey(.state(.createdFailed), [.create], fails: true): Point(460, -20),
            LabelKey(.backup, [.backup]): Point(250, 465),
            LabelKey(.state(.suspended), [.restore]): Point(250, 535),
            LabelKey(.state(.suspended), [.suspend]): Point(440, 425),
            LabelKey(.state(.active), [.resume]): Point(620, 520),
            LabelKey(.state(.suspendedFailed), [.suspend], fails: true): Point(620, 300),
            LabelKey(.state(.configUpdateFailed), [.updateConfiguration], fails: true): Point(830, 375),
            LabelKey(.state(.active), [.restart, .updateConfiguration]): Point(960, 405),
            LabelKey(.state(.stopped), [.stop]): Point(1030, 482),
            LabelKey(.state(.active), [.start, .restart]): Point(1030, 522),
            LabelKey(.state(.stopped), [.stop], from: .group(1)): Point(1220, 430),
            LabelKey(.state(.active), [.start, .restart], from: .group(1)): Point(1010, 445),
        ])

    /// Without failures: the ordinary life of a service.
    static let ordinary = DiagramLayout(
        positions: [
            .noService: Point(740, 60),
            .backup: Point(90, 330),
            .state(.suspended): Point(420, 330),
            .state(.active): Point(740, 330),
            .state(.stopped): Point(1060, 330),
            .state(.disabled): Point(740, 560),
        ],
        labels: [
            LabelKey(.noService, [.delete]): Point(580, 60),
            LabelKey(.state(.active), [.create]): Point(740, 170),
            LabelKey(.backup, [.backup]): Point(240, 295),
            LabelKey(.state(.suspended), [.restore]): Point(240, 365),
            LabelKey(.state(.suspended), [.suspend]): Point(580, 312),
            LabelKey(.state(.active), [.resume]): Point(580, 350),
            LabelKey(.state(.stopped), [.stop]): Point(900, 312),
            LabelKey(.state(.active), [.start, .restart]): Point(900, 350),
            LabelKey(.state(.disabled), [.disable]): Point(650, 460),
            LabelKey(.state(.active), [.enable]): Point(830, 460),
        ])

    /// Backup and restore.
    static let backups = DiagramLayout(
        positions: [
            .backup: Point(90, 120),
            .state(.suspended): Point(420, 120),
            .state(.active): Point(740, 120),
            .state(.stopped): Point(1060, 120),
            .state(.restoreFailed): Point(420, 330),
            .noService: Point(90, 330),
        ],
        labels: [
            LabelKey(.backup, [.backup]): Point(240, 85),
            LabelKey(.state(.suspended), [.restore]): Point(240, 155),
            LabelKey(.state(.restoreFailed), [.restore], fails: true): Point(240, 230),
            LabelKey(.state(.active), [.resume]): Point(580, 120),
            LabelKey(.noService, [.delete]): Point(240, 330),
        ])

    /// States framed together: an edge that leaves each of them for the
    /// same place leaves from their frame, one line instead of several.
    static let groups: [[Place]] = [
        [.state(.suspended), .state(.active), .state(.stopped)],
        [.state(.stopFailed), .state(.restartFailed), .state(.startFailed)],
        [.state(.suspendedFailed), .state(.resumeFailed)],
    ]
    static let groupPadding = 16.0

    /// The frame around every state, when delete is drawn from it: its
    /// title, and how far it stands off the boxes.
    static let frameTitle = "a service, in any of its states"
    static let framePadding = 28.0

    /// The band the platform's events reach: these places, under a title.
    static let eventBandTitle = "reached by platform events (Azure raises them, not a person)"

    /// The headings of `around`'s columns.
    static let failureColumnTitle = "when it fails"
    static let successColumnTitle = "when it succeeds"
}

/// An edge's identity in the layout data: where it leads, with which
/// operations, on which outcome.
struct LabelKey: Hashable {
    var to: Place
    var operations: [Operation]
    var fails: Bool
    /// When set, the label of this one source's line, drawn apart from
    /// the others (a frame's line that would cross the picture to join
    /// them); the others keep the label without `from`.
    var from: LayoutSource?

    init(_ to: Place, _ operations: [Operation], fails: Bool = false, from: LayoutSource? = nil) {
        self.to = to
        self.operations = operations
        self.fails = fails
        self.from = from
    }

    /// The key without `from`.
    var shared: LabelKey { LabelKey(to, operations, fails: fails) }
}

/// Where a line starts, in layout data: a place, or a group's frame (its
/// index in `DiagramLayout.groups`).
enum LayoutSource: Hashable {
    case place(Place)
    case group(Int)
}

/// The sizes of type in the pictures, and the font metric that measures
/// text: the advance widths of DejaVu Sans, the first font the SVG asks
/// for (Verdana, its model, is about as wide; the generic `sans-serif`
/// fallback is narrower, so measured boxes only grow roomier). Widths are
/// in 1/2048 em, for the printable ASCII characters from space (32) to
/// tilde (126); any other character counts as a whole em.
enum DiagramType {
    /// State names: large enough to read from the back of a room.
    static let stateSize = 20.0
    static let labelSize = 17.0
    static let legendSize = 17.0
    static let fontFamily = "'DejaVu Sans', Verdana, sans-serif"

    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let widths = bold ? boldWidths : regularWidths
        var units = 0
        for scalar in text.unicodeScalars {
            let value = Int(scalar.value)
            units += (32...126).contains(value) ? widths[value - 32] : 2048
        }
        return Double(units) * size / 2048
    }

    // swift-format-ignore
    private static let regularWidths: [Int] = [
        651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
        1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
        1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
        1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
    ]

    // swift-format-ignore
    private static let boldWidths: [Int] = [
        713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748,
        1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188,
        2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741,
        1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024,
        1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407,
        1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716,
    ]
}

/// Colours: the Okabe-Ito palette, safe for the common colour
/// blindnesses, darkened where text must stand out on white (each at
/// least 4.5:1). A failure is red and a platform event blue, as on the
/// terminal; line dashes say the same for readers who cannot tell them.
enum DiagramColor {
    static let ink = "#1a1a1a"
    static let failure = "#b53d00"
    static let event = "#0060a0"
    static let failureFill = "#fbe3d6"
    static let stateFill = "#ffffff"
    static let current = "#f0e442"
    static let visited = "#cde6f7"
    static let muted = "#595959"
    static let frame = "#8c8c8c"
    static let band = "#eef4fa"
    static let group = "#f6f6f6"
}
